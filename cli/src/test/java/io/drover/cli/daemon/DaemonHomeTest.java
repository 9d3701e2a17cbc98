package io.drover.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.error.BackendUnavailableException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonHomeTest {
    @TempDir
    Path dir;

    @Test
    void theStateIsReadableByItsOwnerOnly() throws Exception {
        DaemonHome home = new DaemonHome(dir.resolve("drover"));
        home.writeState(new DaemonState(4242, 77, "secret-token", Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.stateFile()))).isEqualTo("rw-------");
        assertThat(home.readState()).contains(new DaemonState(4242, 77, "secret-token", Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(home.readState().orElseThrow().toString()).doesNotContain("secret-token");
    }

    @Test
    void anExistingDirectoryIsTightened() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));
        new DaemonHome(existing).ensure();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwx------");
    }

    @Test
    void theHomeComesFromDroverHomeOrDefaultsToDotDrover() {
        assertThat(DaemonHome.fromEnvironment(Map.of("DROVER_HOME", dir.toString())).dir()).isEqualTo(dir);
        assertThat(DaemonHome.fromEnvironment(Map.of()).dir()).isEqualTo(Path.of(System.getProperty("user.home"), ".drover"));
    }

    @Test
    void aStateFileOfADeadProcessIsStaleAndRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        DaemonHome home = new DaemonHome(dir.resolve("drover"));
        home.writeState(new DaemonState(1, gone.pid(), "t", Instant.now()));

        assertThat(new DaemonLauncher(home).find()).isEmpty();
        assertThat(home.stateFile()).doesNotExist();
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aLivePidThatHoldsNoDaemonLockIsStaleToo() throws Exception {
        DaemonHome home = new DaemonHome(dir.resolve("drover"));
        home.writeState(new DaemonState(closedPort(), ProcessHandle.current().pid(), "t", Instant.now()));

        assertThat(new DaemonLauncher(home).find()).isEmpty();
        assertThat(home.stateFile()).doesNotExist();
    }

    @Test
    void aLiveDaemonThatDoesNotAnswerKeepsItsStateAndNoSecondDaemonStarts() throws Exception {
        DaemonHome home = new DaemonHome(dir.resolve("drover")).ensure();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                home.daemonLock().toString()).redirectErrorStream(true).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine()).isEqualTo("locked");
            DaemonState state = new DaemonState(closedPort(), holder.pid(), "t", Instant.now());
            home.writeState(state);
            DaemonLauncher launcher = new DaemonLauncher(home);

            assertThatThrownBy(launcher::find).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("the drover daemon (pid " + holder.pid() + ") runs but does not answer")
                    .hasMessageContaining("is kept");
            assertThatThrownBy(launcher::connect).isInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(launcher::status).isInstanceOf(BackendUnavailableException.class);
            assertThat(home.readState()).contains(state);
            assertThat(home.logFile()).as("no daemon was spawned").doesNotExist();

            assertThatThrownBy(launcher::stop).as("the pid does not run DaemonMain: stop kills nothing")
                    .isInstanceOf(BackendUnavailableException.class);
            assertThat(holder.isAlive()).isTrue();
            assertThat(home.readState()).contains(state);

            holder.destroyForcibly().waitFor();
            assertThat(launcher.find()).as("once its process is gone the state is stale").isEmpty();
            assertThat(home.stateFile()).doesNotExist();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void deletingTheStateOfAnotherDaemonLeavesItAlone() {
        DaemonHome home = new DaemonHome(dir.resolve("drover"));
        home.writeState(new DaemonState(1, 100, "t", Instant.now()));
        home.deleteState(200);
        assertThat(home.stateFile()).exists();
        home.deleteState(100);
        assertThat(home.stateFile()).doesNotExist();
    }
}
