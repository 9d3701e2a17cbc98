package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Endpoint;
import io.drover.api.EventType;
import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.PortBinding;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ServiceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusDescriptionTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static ServiceStatus degraded() {
        ServiceSpec spec = ServiceSpec.builder("web").image("web:2").command("java", "-jar", "web.jar").port("http", 8080).replicas(2).build();
        return new ServiceStatus("web", ServiceState.DEGRADED, 2, 2, 1, 2, 2,
                List.of(new InstanceStatus("web-2-a", "localhost", InstanceState.RUNNING, true, 0, null, 2,
                                List.of(new PortBinding("http", 8080, "127.0.0.1", 40001, Protocol.TCP)), NOW.minusSeconds(30), "ready"),
                        new InstanceStatus("web-2-b", "localhost", InstanceState.FAILED, false, 4, 3, 2, List.of(), NOW.minusSeconds(2), null)),
                List.of(new Endpoint("http", "127.0.0.1", 9000, Protocol.TCP, ExposeType.LOAD_BALANCER)),
                List.of(Problem.of(ProblemType.CRASH_LOOP, "crashed 4 times in a row", "web-2-b", "exit code 3")),
                Map.of("tier", "front"), spec, NOW);
    }

    @Test
    void describesInstancesEndpointsAndProblemsWithReasonsAndHints() {
        String text = StatusDescription.render(degraded(), "local", NOW);
        assertThat(text).contains("Name:       web\n", "State:      DEGRADED\n",
                "Replicas:   2 desired | 2 running | 1 ready | 2 up-to-date\n", "Labels:     tier=front\n",
                "Command:    java -jar web.jar\n", "Endpoints:\n  http   127.0.0.1:9000   (loadBalancer, TCP)\n",
                "  CRASH_LOOP web-2-b: crashed 4 times in a row\n    reason: exit code 3\n    hint:   " + ProblemType.CRASH_LOOP.defaultHint());
        assertThat(text).containsPattern("web-2-a +localhost +RUNNING +yes +0 +- +2 +http=127.0.0.1:40001 +30s +ready")
                .containsPattern("web-2-b +localhost +FAILED +no +4 +3 +2 +- +2s +-");
        assertThat(text).doesNotContain("Events:");
    }

    @Test
    void recentEventsAreListedWithTheirAge() {
        String text = StatusDescription.render(degraded(), "local", NOW, List.of(
                new ServiceEvent(EventType.ADDED, "web", null, "service web created at revision 1", NOW.minusSeconds(300)),
                new ServiceEvent(EventType.MODIFIED, "web", null, "updating web from revision 1 to 2", NOW.minusSeconds(40))));
        assertThat(text).endsWith("Events:\n"
                + "  AGE   TYPE       MESSAGE\n"
                + "  5m    ADDED      service web created at revision 1\n"
                + "  40s   MODIFIED   updating web from revision 1 to 2\n");
        assertThat(StatusDescription.render(degraded(), "local", NOW, List.of())).endsWith("Events:\n  <none>\n");
    }
}
