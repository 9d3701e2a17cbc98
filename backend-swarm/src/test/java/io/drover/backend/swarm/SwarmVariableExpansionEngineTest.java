package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.api.Drover;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.spec.ServiceSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a real swarm, the task's process receives its command and args with $(VAR) expanded. */
class SwarmVariableExpansionEngineTest {
    private Drover drover;
    private String name;

    @BeforeEach
    void connect() {
        drover = Drover.builder(SwarmTestEngine.backend()).build();
        name = "swx-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void cleanUp() {
        if (drover == null) return;
        drover.delete(name);
        drover.close();
    }

    @Test
    void theProcessGetsExpandedArgs() {
        drover.apply(ServiceSpec.builder(name).image("drover-test/web:1")
                .command("sh", "-c", "echo \"args: $1|$2|$3|$4\"; sleep 600", "sh")
                .args("$(PORT)", "$$(PORT)", "$(UNDEFINED)", "$(GREETING)").env("GREETING", "hello")
                .port("http", 8080).build());
        String line = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(this::argsLine, Optional::isPresent).orElseThrow();
        assertThat(line).isEqualTo("args: 8080|$(PORT)|$(UNDEFINED)|hello");
        assertThat(drover.status(name).orElseThrow().spec().args()).containsExactly("$(PORT)", "$$(PORT)", "$(UNDEFINED)", "$(GREETING)");
    }

    private Optional<String> argsLine() {
        try (Stream<LogLine> lines = drover.logs(name, LogOptions.all())) {
            return lines.map(LogLine::text).filter(t -> t.contains("args: ")).map(t -> t.substring(t.indexOf("args: "))).findFirst();
        }
    }
}
