package io.drover.backend.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pid file per running instance under {@code <state>/pids/<service>/<instance>.pid}, recording
 * the process id, its start time and command line, and which supervisor (pid, start time, session)
 * started it. A later supervisor on the same state directory uses them to find processes whose
 * supervisor died without stopping them ({@link #reapOrphans}). A process is only killed when it is
 * still alive, its start time and command match the record (so a reused pid is left alone), and
 * the supervisor that recorded it is gone.
 */
final class PidFileRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PidFileRegistry.class);
    /** Sessions of live supervisors in this JVM, so that one does not reap another's processes. */
    private static final Set<String> LIVE_SESSIONS = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final String session;
    private final ProcessHandle self = ProcessHandle.current();

    PidFileRegistry(Path stateDirectory, String session) {
        this.root = stateDirectory.resolve("pids");
        this.session = session;
        LIVE_SESSIONS.add(session);
    }

    /** Marks this supervisor's session as ended (its pid files may then be reaped by others). */
    void endSession() {
        LIVE_SESSIONS.remove(session);
    }

    /** Records a started process. */
    void record(String service, String instance, ProcessHandle process, List<String> argv) throws IOException {
        Path dir = root.resolve(service);
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(process.pid()));
        process.info().startInstant().ifPresent(t -> p.setProperty("startedAt", Long.toString(t.toEpochMilli())));
        p.setProperty("commandLine", String.join(" ", argv));
        for (int i = 0; i < argv.size(); i++) p.setProperty("arg." + i, argv.get(i));
        p.setProperty("service", service);
        p.setProperty("instance", instance);
        p.setProperty("supervisorPid", Long.toString(self.pid()));
        self.info().startInstant().ifPresent(t -> p.setProperty("supervisorStartedAt", Long.toString(t.toEpochMilli())));
        p.setProperty("session", session);
        Path tmp = dir.resolve(instance + ".pid.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "drover local backend instance");
        }
        Files.move(tmp, dir.resolve(instance + ".pid"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets a process that has exited. */
    void forget(String service, String instance) {
        try {
            Files.deleteIfExists(root.resolve(service).resolve(instance + ".pid"));
            deleteIfEmpty(root.resolve(service));
        } catch (IOException e) {
            LOG.warn("cannot delete pid file of {}: {}", instance, e.toString());
        }
    }

    /**
     * Kills every recorded process whose supervisor is gone, whole process tree, SIGTERM then SIGKILL
     * after {@code timeout}, and deletes stale pid files. Returns the pids killed.
     */
    List<Long> reapOrphans(Duration timeout) {
        List<Long> killed = new ArrayList<>();
        if (!Files.isDirectory(root)) return killed;
        List<Path> files;
        try (Stream<Path> s = Files.walk(root, 2)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".pid")).toList();
        } catch (IOException e) {
            LOG.warn("cannot list pid files in {}: {}", root, e.toString());
            return killed;
        }
        List<ProcessTree> trees = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        for (Path f : files) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                continue;
            }
            if (supervisorAlive(p)) continue;
            stale.add(f);
            matchingProcess(p).ifPresent(h -> {
                trees.add(ProcessTree.of(h));
                killed.add(h.pid());
                LOG.info("reaping orphaned process {} of {} ({})", h.pid(), p.getProperty("instance"), p.getProperty("commandLine", ""));
            });
        }
        trees.forEach(t -> t.members().forEach(m -> { if (m.isAlive()) m.destroy(); }));
        trees.forEach(t -> t.terminateAndWait(timeout));
        for (Path f : stale) {
            try {
                Files.deleteIfExists(f);
                deleteIfEmpty(f.getParent());
            } catch (IOException e) {
                LOG.warn("cannot delete stale pid file {}: {}", f, e.toString());
            }
        }
        return killed;
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (another instance of the service runs) or already gone: keep it
        }
    }

    private boolean supervisorAlive(Properties p) {
        String s = p.getProperty("session");
        if (s != null && LIVE_SESSIONS.contains(s)) return true;
        long pid = parse(p.getProperty("supervisorPid"), -1);
        if (pid == self.pid()) return false; // same JVM, session ended
        Optional<ProcessHandle> sup = ProcessHandle.of(pid);
        // a dead supervisor not yet reaped by its parent is a zombie: isAlive() is still true
        if (sup.isEmpty() || !ProcessLiveness.isRunning(pid)) return false;
        return sameStart(sup.get(), p.getProperty("supervisorStartedAt"));
    }

    /**
     * The recorded process if it still runs the recorded program: same start time, and the same
     * arguments (as run directly, or still behind the session wrapper).
     */
    private static Optional<ProcessHandle> matchingProcess(Properties p) {
        long pid = parse(p.getProperty("pid"), -1);
        if (pid <= 0) return Optional.empty();
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (h.isEmpty()) return Optional.empty();
        if (p.getProperty("startedAt") == null || !sameStart(h.get(), p.getProperty("startedAt"))) return Optional.empty();
        List<String> argv = new ArrayList<>();
        for (int i = 0; p.getProperty("arg." + i) != null; i++) argv.add(p.getProperty("arg." + i));
        if (argv.isEmpty()) return Optional.empty();
        Optional<String[]> actual = h.get().info().arguments();
        if (actual.isEmpty()) return h;
        List<String> args = List.of(actual.get());
        List<String> direct = argv.subList(1, argv.size());
        List<String> wrapped = new ArrayList<>(ProcessSessions.wrapperArguments());
        wrapped.addAll(argv);
        return args.equals(direct) || args.equals(wrapped) ? h : Optional.empty();
    }

    private static boolean sameStart(ProcessHandle h, String recordedMillis) {
        if (recordedMillis == null) return true;
        Optional<Instant> start = h.info().startInstant();
        if (start.isEmpty()) return true;
        return Math.abs(start.get().toEpochMilli() - parse(recordedMillis, 0)) < 1000;
    }

    private static long parse(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
