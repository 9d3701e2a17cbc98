package io.drover.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.spec.ExposeType;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
    @Test
    void aStatusWrittenAsJsonReadsBackEqual() throws Exception {
        ServiceSpec spec = ServiceSpec.builder("web").command("app").port("http", 8080).replicas(3)
                .readiness(Probe.http("/health", "http")).build();
        InstanceStatus instance = new InstanceStatus("web-1", "localhost", InstanceState.RUNNING, true, 2, 3, 4,
                List.of(new PortBinding("http", 8080, "127.0.0.1", 41234, Protocol.TCP)), Instant.parse("2026-11-25T03:00:00Z"), "ok");
        ServiceStatus status = new ServiceStatus("web", ServiceState.DEGRADED, 3, 3, 2, 3, 4, List.of(instance),
                List.of(new Endpoint("http", "127.0.0.1", 8080, Protocol.TCP, ExposeType.LOAD_BALANCER)),
                List.of(Problem.of(ProblemType.CRASH_LOOP, "exit 3", "web-2", "BackOff")), Map.of("tier", "web"), spec,
                Instant.parse("2026-11-25T03:00:01Z"));

        String json = SpecIO.jsonMapper().writeValueAsString(status);

        assertThat(json).contains("\"ready\":2").contains("\"observedAt\":\"2026-11-25T03:00:01Z\"");
        assertThat(SpecIO.jsonMapper().readValue(json, ServiceStatus.class)).isEqualTo(status);
    }
}
