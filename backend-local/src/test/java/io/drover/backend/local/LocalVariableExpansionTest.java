package io.drover.backend.local;

import static io.drover.backend.local.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.api.Drover;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** $(VAR) in command and args is expanded from the instance's environment when it starts. */
class LocalVariableExpansionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path state;

    private Drover drover;

    @BeforeEach
    void start() {
        drover = Drover.builder(new LocalBackend(TestSupport.config(state))).build();
    }

    @AfterEach
    void stop() {
        drover.close();
    }

    @Test
    void anAppGivenDollarPortInItsArgsListensOnItsInstancesPort() throws Exception {
        drover.apply(ServiceSpec.builder("pyweb").command("python3", "-m", "http.server", "$(PORT)", "--bind", "$(DROVER_HOST)")
                .port("http", 8000).replicas(2).build());
        ServiceStatus s = drover.awaitReady("pyweb", WAIT);
        assertThat(s.instances()).hasSize(2);
        for (var i : s.instances()) {
            int port = i.port("http").hostPort();
            assertThat(get("http://127.0.0.1:" + port + "/").status()).isEqualTo(200);
        }
    }

    @Test
    void definedNamesExpandEscapesAndUndefinedNamesStayAsWritten() {
        drover.apply(ServiceSpec.builder("echoer")
                .command("sh", "-c", "echo \"args: $1|$2|$3|$4|$5\"; sleep 60", "sh")
                .args("$(PORT)", "$(DROVER_PORT_ADMIN_API)", "$$(PORT)", "$(UNDEFINED)", "$(GREETING), $(DROVER_SERVICE)")
                .env("GREETING", "hello").port("admin-api", 9000).build());
        String line = await().atMost(WAIT).until(() -> argsLine("echoer"), Optional::isPresent).orElseThrow();
        int port = drover.status("echoer").orElseThrow().instances().get(0).port("admin-api").hostPort();
        assertThat(line).isEqualTo("args: " + port + "|" + port + "|$(PORT)|$(UNDEFINED)|hello, echoer");
    }

    private Optional<String> argsLine(String service) {
        try (Stream<LogLine> lines = drover.logs(service, LogOptions.all())) {
            return lines.map(LogLine::text).filter(t -> t.startsWith("args: ")).findFirst();
        }
    }
}
