package io.drover.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.api.Drover;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.ServiceSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas of a program that binds a fixed port clash: that is a PORT_CONFLICT, not a plain crash loop. */
class LocalPortConflictTest {
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
    void theSecondReplicaOfAnAppBindingItsContainerPortItselfIsAPortConflictWithAHint() throws Exception {
        int fixed = freePort();
        drover.apply(ServiceSpec.builder("clash")
                .command("python3", "-m", "http.server", Integer.toString(fixed), "--bind", "127.0.0.1")
                .port("http", fixed).replicas(2).build());
        ServiceStatus s = await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> drover.status("clash").orElseThrow(), st -> st.has(ProblemType.PORT_CONFLICT));
        List<Problem> conflicts = s.problems().stream().filter(p -> p.type() == ProblemType.PORT_CONFLICT).toList();
        assertThat(conflicts).hasSize(1);
        Problem p = conflicts.get(0);
        assertThat(p.message()).contains("Address already in use");
        assertThat(p.nativeReason()).isEqualTo("AddressInUse");
        assertThat(p.hint()).contains("$PORT").contains("$(PORT)");
        // the clashing instance is not also reported as a crash loop, however often it restarts
        await().during(Duration.ofSeconds(3)).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> drover.status("clash").orElseThrow(), st -> !st.has(ProblemType.CRASH_LOOP) && st.has(ProblemType.PORT_CONFLICT));
    }

    @Test
    void aPlainCrashIsStillACrashLoop() {
        drover.apply(ServiceSpec.builder("crash").command("sh", "-c", "echo 'connection refused' >&2; exit 3").build());
        ServiceStatus s = await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> drover.status("crash").orElseThrow(), st -> st.has(ProblemType.CRASH_LOOP));
        assertThat(s.has(ProblemType.PORT_CONFLICT)).isFalse();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
