package io.drover.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessLivenessTest {
    @Test
    void aRunningProcessRunsAndAnExitedUnreapedOneDoesNot() throws Exception {
        // the shell starts a child that exits at once and then becomes `sleep`, which never reaps it: a zombie
        Process parent = new ProcessBuilder("sh", "-c", "true & echo $!; exec sleep 30").start();
        try {
            long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream())).readLine().trim());
            assertThat(ProcessLiveness.isRunning(parent.pid())).isTrue();
            assertThat(ProcessLiveness.awaitExit(zombie, Duration.ofSeconds(20))).isTrue();
            assertThat(ProcessLiveness.isRunning(zombie)).isFalse();
            assertThat(ProcessLiveness.awaitExit(parent.pid(), Duration.ofMillis(200))).isFalse();
        } finally {
            parent.destroyForcibly().waitFor();
        }
        assertThat(ProcessLiveness.isRunning(parent.pid())).isFalse();
    }
}
