package io.drover.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void aLivePidWhosePortRefusesIsStaleToo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DaemonHome home = new DaemonHome(dir.resolve("drover"));
        home.writeState(new DaemonState(closedPort, ProcessHandle.current().pid(), "t", Instant.now()));

        assertThat(new DaemonLauncher(home).find()).isEmpty();
        assertThat(home.stateFile()).doesNotExist();
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
