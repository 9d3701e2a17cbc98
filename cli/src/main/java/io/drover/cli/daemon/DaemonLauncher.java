package io.drover.cli.daemon;

import io.drover.backend.local.ProcessLiveness;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.DroverException;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds, starts and stops the local supervisor daemon of one {@link DaemonHome}.
 *
 * <p>{@link #connect()} returns a client of the running daemon, starting one on demand: a detached
 * {@code java -cp <this classpath> io.drover.cli.daemon.DaemonMain} (in its own session, output to
 * {@code daemon.log}). A state file is removed only when its daemon is provably dead: its process
 * is gone (or a zombie), or no process holds {@code daemon.lock} (which a daemon holds for its whole
 * life, so a live pid without it is another program that reused the number). A new daemon is then
 * started, whose local backend reaps the processes the dead one left behind. A daemon that is alive
 * but does not answer (a timeout, a refused port, a rejected token) is reported and its state is left
 * alone: removing it would start a second daemon on the same state. Concurrent CLI invocations
 * serialise on a lock file, so only one daemon is ever started.
 */
public final class DaemonLauncher {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(20);

    private final DaemonHome home;

    /** A launcher for the daemon of {@code home}. */
    public DaemonLauncher(DaemonHome home) {
        this.home = home;
    }

    /** The state directory. */
    public DaemonHome home() { return home; }

    /** A client of the running daemon, started first if none answers. */
    public DaemonBackend connect() {
        home.ensure();
        try (FileChannel ch = FileChannel.open(home.launchLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = ch.lock();
            try {
                Optional<DaemonState> previous = home.readState();
                Optional<DaemonBackend> running = find();
                if (running.isPresent()) return running.get();
                previous.ifPresent(p -> awaitReaped(p.pid()));
                return start();
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new DroverException("cannot lock " + home.launchLock() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client of the running daemon, or empty when none runs; the state file of a provably dead
     * daemon (process gone, or {@code daemon.lock} free) is removed.
     *
     * @throws BackendUnavailableException when the daemon lives and holds its lock but does not
     *         answer; its state file is left in place
     */
    public Optional<DaemonBackend> find() {
        Optional<DaemonState> state = home.readState();
        if (state.isEmpty()) return Optional.empty();
        DaemonState s = state.get();
        if (ProcessLiveness.isRunning(s.pid())) {
            try {
                return Optional.of(new DaemonBackend(s.port(), s.token()));
            } catch (DroverException e) {
                if (home.daemonLockHeld()) {
                    throw new BackendUnavailableException("the drover daemon (pid " + s.pid() + ") runs but does not answer: "
                            + e.getMessage() + "; its state in " + home.stateFile() + " is kept. Retry, or stop it with `drover local stop`"
                            + " (or kill " + s.pid() + ")", "local", "connect", null, null, true, e);
                }
                // the pid lives but holds no daemon lock: another program reused the number
            }
        }
        home.deleteState(s.pid());
        return Optional.empty();
    }

    /** Facts about the running daemon, or empty when none runs (never starts one). */
    public Optional<DaemonStatus> status() {
        return find().map(client -> {
            try (client) {
                Messages.DaemonFacts f = client.facts();
                return new DaemonStatus(f.pid(), f.port(), f.startedAt(), f.home(), f.backend(), f.services());
            }
        });
    }

    /**
     * Stops the running daemon (its services stop with it) and waits for its process to end; returns
     * its pid, or empty when none was running. A daemon that does not stop in time is terminated.
     */
    public Optional<Long> stop() {
        Optional<DaemonState> state = home.readState();
        if (state.isEmpty()) return Optional.empty();
        long pid = state.get().pid();
        Optional<DaemonBackend> client;
        try {
            client = find();
        } catch (BackendUnavailableException unresponsive) {
            // alive with its lock but not answering: terminate it, if the pid really runs DaemonMain
            if (!runsDaemonMain(pid)) throw unresponsive;
            client = Optional.empty();
            terminate(pid, Duration.ZERO);
            home.deleteState(pid);
            return Optional.of(pid);
        }
        if (client.isEmpty()) return Optional.empty();
        try (DaemonBackend c = client.get()) {
            c.shutdown();
        } catch (DroverException e) {
            // it may already be going down; the wait below tells
        }
        terminate(pid, STOP_TIMEOUT);
        home.deleteState(pid);
        return Optional.of(pid);
    }

    /** Waits {@code grace} for the process to end, then sends TERM, then KILL after 10 s. */
    private static void terminate(long pid, Duration grace) {
        ProcessHandle.of(pid).ifPresent(p -> {
            if (!ProcessLiveness.awaitExit(pid, grace)) {
                p.destroy();
                if (!ProcessLiveness.awaitExit(pid, Duration.ofSeconds(10))) p.destroyForcibly();
            }
        });
    }

    private static boolean runsDaemonMain(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().arguments())
                .map(args -> java.util.Arrays.asList(args).contains(DaemonMain.class.getName())).orElse(false);
    }

    /**
     * Waits (briefly) until a dead daemon has left the process table: until its parent reaps it, an
     * exited process still looks alive to {@link ProcessHandle}, and the new daemon's local backend
     * would take it for a live supervisor and leave its orphans alone.
     */
    private static void awaitReaped(long pid) {
        Optional<ProcessHandle> old = ProcessHandle.of(pid);
        if (old.isEmpty() || ProcessLiveness.isRunning(pid)) return;
        try {
            old.get().onExit().get(REAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            System.err.println("drover: the dead daemon " + pid + " is not reaped yet; processes it left may survive");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DaemonBackend start() {
        java.time.Instant spawnedAt = java.time.Instant.now().minusSeconds(1);
        Process process = spawn();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<DaemonState> state = home.readState();
            if (state.isPresent() && (state.get().pid() == process.pid() || state.get().startedAt().isAfter(spawnedAt))) {
                return new DaemonBackend(state.get().port(), state.get().token());
            }
            if (!process.isAlive() && process.exitValue() != 0) {
                throw new BackendUnavailableException("the drover daemon exited with code " + process.exitValue()
                        + " while starting; see " + home.logFile() + lastLines(home.logFile()), "local", "connect", null, null, false, null);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DroverException("interrupted while starting the drover daemon", e);
            }
        }
        process.destroy();
        throw new BackendUnavailableException("the drover daemon did not start within " + START_TIMEOUT.toSeconds() + " s; see "
                + home.logFile(), "local", "connect", null, null, true, null);
    }

    private Process spawn() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) command.add("/usr/bin/setsid");
        command.addAll(List.of(java, "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DaemonMain.class.getName(), home.dir().toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put(DaemonHome.ENV, home.dir().toString());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot start the drover daemon: " + e.getMessage(), "local", "connect", null, null,
                    false, e);
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
