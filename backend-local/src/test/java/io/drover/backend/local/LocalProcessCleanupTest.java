package io.drover.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.api.Drover;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No process survives delete, close, JVM exit, or (via reaping) a killed supervisor. */
class LocalProcessCleanupTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path state;

    private final String marker = "drover-test-" + UUID.randomUUID();

    /** The shells carrying the marker and all their descendants, once each shell has its two children. */
    private List<Long> awaitTrees(int shells) {
        return await().atMost(WAIT).until(() -> {
            List<Long> pids = new ArrayList<>();
            List<ProcessHandle> found = TestSupport.descendantsWith(marker);
            for (ProcessHandle sh : found) {
                pids.add(sh.pid());
                sh.descendants().forEach(d -> pids.add(d.pid()));
            }
            return found.size() == shells && pids.size() == shells * 3 ? pids : null;
        }, p -> p != null);
    }

    private static void assertAllGone(List<Long> pids) throws InterruptedException {
        for (long pid : pids) assertThat(TestSupport.gone(pid, Duration.ofSeconds(10))).as("process %d is gone", pid).isTrue();
    }

    @Test
    void deleteStopsEveryProcessOfTheTree() throws Exception {
        try (Drover drover = Drover.builder(new LocalBackend(TestSupport.config(state))).build()) {
            drover.apply(LocalChildSupervisor.treeSpec("tree", marker, 2));
            List<Long> pids = awaitTrees(2);
            assertThat(drover.delete("tree")).isTrue();
            for (long pid : pids) assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
            assertThat(drover.delete("tree")).isFalse();
            assertThat(drover.status("tree")).isEmpty();
            try (Stream<Path> files = Files.walk(state.resolve("pids"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".pid")).toList()).isEmpty();
            }
        }
    }

    @Test
    void processesLeftBehindByACrashedInstanceAreStopped() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessSessions.enabled(), "needs setsid and /proc (Linux)");
        String seconds = Integer.toString(4000 + new java.util.Random().nextInt(5000));
        try (Drover drover = Drover.builder(new LocalBackend(TestSupport.config(state))).build()) {
            drover.apply(io.drover.api.spec.ServiceSpec.builder("leaver")
                    .command("sh", "-c", "sleep " + seconds + " & echo started; sleep 1; exit 3", marker)
                    .restart(io.drover.api.spec.RestartCondition.NEVER).build());
            await().atMost(WAIT).until(() -> drover.status("leaver").orElseThrow().instances().get(0).state()
                    == io.drover.api.InstanceState.FAILED);
            await().atMost(WAIT).until(() -> ProcessHandle.allProcesses()
                    .noneMatch(h -> h.info().commandLine().map(c -> c.endsWith("sleep " + seconds)).orElse(false)));
            try (Stream<io.drover.api.LogLine> logs = drover.logs("leaver", io.drover.api.LogOptions.all())) {
                assertThat(logs.map(io.drover.api.LogLine::text)).contains("started")
                        .anyMatch(t -> t.contains("left behind"));
            }
        }
    }

    @Test
    void closeStopsEveryProcessOfEveryService() throws Exception {
        LocalBackend backend = new LocalBackend(TestSupport.config(state));
        backend.apply(LocalChildSupervisor.treeSpec("one", marker, 1), Map.of());
        backend.apply(LocalChildSupervisor.treeSpec("two", marker, 2), Map.of());
        List<Long> pids = awaitTrees(3);
        backend.close();
        for (long pid : pids) assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        backend.close();
    }

    @Test
    void exitingTheJvmStopsEveryProcessItStarted() throws Exception {
        Process child = startChild("exit");
        List<Long> pids = readPids(child);
        assertThat(pids).hasSizeGreaterThanOrEqualTo(6);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertAllGone(pids);
    }

    @Test
    void aNewBackendReapsTheProcessesOfAKilledSupervisor() throws Exception {
        Process child = startChild("hang");
        List<Long> pids = readPids(child);
        assertThat(pids).hasSizeGreaterThanOrEqualTo(6);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Long> orphans = pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList();
        assertThat(orphans).as("a killed JVM runs no shutdown hook, so its processes survive it").isNotEmpty();
        try {
            LocalBackend next = new LocalBackend(TestSupport.config(state));
            next.close();
            assertAllGone(pids);
            try (Stream<Path> files = Files.walk(state.resolve("pids"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".pid")).toList()).isEmpty();
            }
        } finally {
            pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void reapingLeavesAProcessAloneWhoseRecordDoesNotMatch() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "3005").start();
        Process deadSupervisor = new ProcessBuilder("true").start();
        deadSupervisor.waitFor();
        try {
            Path dir = Files.createDirectories(state.resolve("pids").resolve("ghost"));
            Files.writeString(dir.resolve("ghost-1-abcde.pid"), String.join("\n",
                    "pid=" + bystander.pid(), "startedAt=1000", "arg.0=sleep", "arg.1=3005",
                    "supervisorPid=" + deadSupervisor.pid(), "session=gone") + "\n");
            try (LocalBackend backend = new LocalBackend(TestSupport.config(state))) {
                assertThat(backend.reapOrphans()).isEmpty();
            }
            assertThat(bystander.isAlive()).as("a pid whose start time differs from the record is someone else's").isTrue();
            assertThat(dir.resolve("ghost-1-abcde.pid")).doesNotExist();
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void aSecondBackendLeavesTheProcessesOfALiveSupervisorAlone() throws Exception {
        try (LocalBackend first = new LocalBackend(TestSupport.config(state))) {
            first.apply(LocalChildSupervisor.treeSpec("kept", marker, 1), Map.of());
            List<Long> pids = awaitTrees(1);
            try (LocalBackend second = new LocalBackend(TestSupport.config(state))) {
                assertThat(second.reapOrphans()).isEmpty();
            }
            for (long pid : pids) assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        }
    }

    private Process startChild(String mode) throws Exception {
        List<String> command = new ArrayList<>(TestSupport.javaCommand(LocalChildSupervisor.class));
        command.addAll(List.of(state.toString(), mode, marker));
        return new ProcessBuilder(command).redirectError(state.resolve("child-" + mode + ".err").toFile()).start();
    }

    private static List<Long> readPids(Process child) throws Exception {
        List<Long> pids = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null && !line.equals("READY")) {
            if (line.startsWith("PID ")) pids.add(Long.parseLong(line.substring(4).trim()));
        }
        return pids;
    }
}
