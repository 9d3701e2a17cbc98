package io.drover.backend.local;

import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.LogLine;
import io.drover.api.PortBinding;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.spi.support.VariableExpansion;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a service: a host process started from the revision's command and args, with its
 * ports remapped to host ports, its probes, and its restarts. It keeps its id, ports and log across
 * restarts. A crash restarts it after an exponential backoff, as its restart policy allows; crashes
 * in a row without staying up for {@link LocalConfig#stableAfter()} make a crash loop.
 *
 * <p>Confined to the supervisor's actor thread: every method must be called there, and every
 * callback (process exit, probe result, timer) is handed back to it.
 */
final class InstanceProcess implements ProbeRunner.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceProcess.class);
    static final String NODE = "localhost";

    /** Told on the actor thread after every change of this instance. */
    interface Listener {
        void instanceChanged(InstanceProcess instance, String event);
    }

    /** What the instance needs from its supervisor. */
    record Context(String service, LocalConfig config, ScheduledExecutorService actor, Executor blocking, HttpClient http,
            HttpClient https, LocalLogs logs, PidFileRegistry pids, PortAllocator ports) {}

    private final String id;
    private final Revision revision;
    private final Context ctx;
    private final Listener listener;

    private InstanceState state = InstanceState.PENDING;
    private boolean ready;
    private int restarts;
    private int starts;
    private int consecutiveCrashes;
    private Integer lastExitCode;
    private Instant startedAt;
    private String message = "waiting to start";
    private String startError;
    private String portConflict;
    /** The run whose output said that its port was in use, and that line (set on a log reader thread). */
    private volatile int bindFailureRun;
    private volatile String bindFailureLine;
    private int lastExitedRun;
    private boolean exhausted;
    private List<PortBinding> ports = List.of();
    private Process process;
    private int run;
    private String killReason;
    private ProbeRunner startup, readiness, liveness, firstListen;
    private ScheduledFuture<?> restartTimer, stableTimer;
    private CompletableFuture<Void> stopped;
    private final CompletableFuture<Void> exitWhileStopping = new CompletableFuture<>();

    InstanceProcess(String id, Revision revision, Context ctx, Listener listener) {
        this.id = id;
        this.revision = revision;
        this.ctx = ctx;
        this.listener = listener;
    }

    String id() { return id; }

    long revision() { return revision.number(); }

    InstanceState state() { return state; }

    /**
     * Ready for traffic: its readiness passes (or, without a readiness probe, it accepts connections),
     * and it is not crash-looping; an instance that crashed repeatedly counts again once it stayed up
     * for {@link LocalConfig#stableAfter()}.
     */
    boolean ready() { return ready && !crashLooping(); }

    /** True while the instance counts towards the service (not stopping, stopped, completed or failed for good). */
    boolean active() {
        return state != InstanceState.STOPPING && state != InstanceState.STOPPED && state != InstanceState.COMPLETED
                && state != InstanceState.FAILED;
    }

    /** True while the instance counts towards the replicas: anything but stopping or stopped. */
    boolean counted() {
        return state != InstanceState.STOPPING && state != InstanceState.STOPPED;
    }

    /** True once the instance stopped for good and can be forgotten. */
    boolean gone() {
        return state == InstanceState.STOPPED;
    }

    /** Crashes in a row without staying up. */
    int consecutiveCrashes() { return consecutiveCrashes; }

    /** Whether the instance exited and its restart policy gave up on it. */
    boolean exhausted() { return exhausted; }

    /** The host port of the declared port {@code ref} (a name or a number as text), or null. */
    Integer hostPort(String ref) {
        for (PortBinding b : ports) {
            if (b.name().equals(ref) || Integer.toString(b.containerPort()).equals(ref)) return b.hostPort();
        }
        return null;
    }

    /** Starts the process now. */
    void start() {
        restartTimer = null;
        if (state == InstanceState.STOPPING || state == InstanceState.STOPPED) return;
        if (starts++ > 0) restarts++;
        ServiceSpec spec = revision.template();
        portConflict = null;
        try {
            if (ports.isEmpty() && !spec.ports().isEmpty()) ports = allocatePorts(spec);
            for (PortBinding b : ports) {
                PortSpec declared = spec.port(b.name()).orElseThrow();
                if (declared.hostPort() != null && !ctx.ports().isFree(b.hostPort())) {
                    portConflict = "port " + b.hostPort() + " on " + b.host() + " (declared port '" + b.name()
                            + "') is already in use";
                    failedToStart(portConflict);
                    return;
                }
            }
        } catch (IOException e) {
            failedToStart("cannot find a free port: " + e.getMessage());
            return;
        }
        Map<String, String> env = environment(spec);
        // $(VAR) in command and args, from the instance's own environment (not the host's), as Kubernetes does
        List<String> command = new ArrayList<>(VariableExpansion.expand(spec.command(), env));
        command.addAll(VariableExpansion.expand(spec.args(), env));
        ProcessBuilder pb = new ProcessBuilder(ProcessSessions.wrap(command));
        Path wd = workingDirectory(spec);
        if (wd != null) pb.directory(wd.toFile());
        pb.environment().putAll(env);
        String missing = missingProgram(command.get(0), pb.environment().get("PATH"), wd);
        if (missing != null) {
            failedToStart("cannot start " + command.get(0) + ": " + missing);
            return;
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            failedToStart("cannot start " + command.get(0) + ": " + e.getMessage());
            return;
        }
        startError = null;
        int thisRun = ++run;
        startedAt = Instant.now();
        killReason = null;
        Process p = process;
        try {
            ctx.pids().record(ctx.service(), id, p.toHandle(), command);
        } catch (IOException e) {
            LOG.warn("cannot write the pid file of {}: {}; an orphan of it could not be reaped", id, e.toString());
        }
        ctx.logs().attach(id, LogLine.Stream.STDOUT, p.getInputStream(), line -> output(thisRun, line));
        ctx.logs().attach(id, LogLine.Stream.STDERR, p.getErrorStream(), line -> output(thisRun, line));
        long leader = p.pid();
        p.onExit().thenRunAsync(() -> exited(thisRun, p.exitValue(), leader), ctx.actor());
        Probe sp = spec.probes().startup();
        if (sp != null) {
            state = InstanceState.STARTING;
            message = "started (pid " + p.pid() + "); waiting for the startup probe";
            startup = probe(ProbeRunner.Kind.STARTUP, sp, env, wd);
            startup.start();
        } else {
            state = InstanceState.RUNNING;
            message = "started (pid " + p.pid() + ")";
            startMainProbes(env, wd);
        }
        stableTimer = ctx.actor().schedule(() -> stable(thisRun), ctx.config().stableAfter().toMillis(), TimeUnit.MILLISECONDS);
        listener.instanceChanged(this, "instance " + id + " started (pid " + p.pid() + ")");
    }

    private void startMainProbes(Map<String, String> env, Path wd) {
        ServiceSpec spec = revision.template();
        if (spec.probes().readiness() != null) {
            readiness = probe(ProbeRunner.Kind.READINESS, spec.probes().readiness(), env, wd);
            readiness.start();
            ready = false;
        } else if (!ports.isEmpty() && ports.get(0).protocol() == io.drover.api.spec.Protocol.TCP) {
            // no readiness probe: ready once the first declared port accepts connections (then for good)
            firstListen = probe(ProbeRunner.Kind.READINESS, Probe.tcp(ports.get(0).name()).timeoutSeconds(1).failingAfter(1), env, wd)
                    .everyMillis(250);
            firstListen.start();
            ready = false;
        } else {
            ready = true;
        }
        if (spec.probes().liveness() != null) {
            liveness = probe(ProbeRunner.Kind.LIVENESS, spec.probes().liveness(), env, wd);
            liveness.start();
        }
    }

    private ProbeRunner probe(ProbeRunner.Kind kind, Probe p, Map<String, String> env, Path wd) {
        Integer port = p.port() == null ? null : hostPort(p.port());
        if (port == null && p.port() != null) {
            try {
                port = Integer.parseInt(p.port());
            } catch (NumberFormatException e) {
                port = null;
            }
        }
        HttpClient client = p.http() != null && "https".equalsIgnoreCase(p.http().scheme()) ? ctx.https() : ctx.http();
        return new ProbeRunner(kind, p, ctx.config().bindHost(), port, env, wd, ctx.actor(), ctx.blocking(), client, this);
    }

    @Override
    public void onProbe(ProbeRunner probe, boolean verdictChanged) {
        if (state == InstanceState.STOPPING || state == InstanceState.STOPPED || process == null || !process.isAlive()) return;
        switch (probe.kind()) {
            case STARTUP -> {
                if (probe.passing()) {
                    probe.stop();
                    startup = null;
                    state = InstanceState.RUNNING;
                    message = "startup probe passed";
                    startMainProbes(environment(revision.template()), workingDirectory(revision.template()));
                    listener.instanceChanged(this, "instance " + id + " passed its startup probe");
                } else if (probe.failing()) {
                    kill("startup probe failed: " + probe.lastFailure());
                }
            }
            case READINESS -> {
                if (probe == firstListen) {
                    if (probe.passing()) {
                        probe.stop();
                        firstListen = null;
                        ready = true;
                        message = "ready (port " + ports.get(0).name() + " accepts connections)";
                        listener.instanceChanged(this, "instance " + id + " is ready");
                    }
                    return;
                }
                boolean was = ready;
                ready = probe.passing();
                if (was != ready) {
                    message = ready ? "ready" : "not ready: " + probe.lastFailure();
                    listener.instanceChanged(this, "instance " + id + (ready ? " is ready" : " is not ready: " + probe.lastFailure()));
                } else if (verdictChanged) {
                    message = "readiness probe failing: " + probe.lastFailure();
                    listener.instanceChanged(this, "instance " + id + " readiness probe failing: " + probe.lastFailure());
                }
            }
            case LIVENESS -> {
                if (!probe.passing()) kill("liveness probe failed: " + probe.lastFailure());
            }
        }
    }

    /** Kills the process tree because a probe gave up on it; its exit then counts as a crash. */
    private void kill(String reason) {
        killReason = reason;
        message = "killed: " + reason;
        ready = false;
        stopProbes();
        note("[drover] " + message);
        listener.instanceChanged(this, "instance " + id + " " + message);
        ProcessTree.of(process.toHandle()).terminate(stopTimeout(), ctx.actor());
    }

    /** Notes a bind failure in the output of run {@code ofRun}; called on a log reader thread. */
    private void output(int ofRun, String line) {
        if (bindFailureRun == ofRun || !BindFailure.matches(line)) return;
        bindFailureLine = line;
        bindFailureRun = ofRun;
        // the line may come in after the exit was handled: tell the service again
        try {
            ctx.actor().execute(() -> {
                if (lastExitedRun == ofRun) listener.instanceChanged(this, "instance " + id + " could not bind a port");
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the backend is closing: nobody to tell
        }
    }

    /** The bind failure the last exited run printed, or null. */
    private String exitedOnBindFailure() {
        return lastExitedRun != 0 && bindFailureRun == lastExitedRun ? bindFailureLine : null;
    }

    private void exited(int thisRun, int code, long leader) {
        ProcessTree leftovers = ProcessTree.leftoversOf(leader);
        if (!leftovers.isEmpty()) {
            note("[drover] stopping " + leftovers.members().size() + " process(es) the instance left behind");
            leftovers.terminate(stopTimeout(), ctx.actor());
        }
        if (thisRun != run) return;
        stopProbes();
        if (stableTimer != null) stableTimer.cancel(false);
        ready = false;
        lastExitCode = code;
        lastExitedRun = thisRun;
        process = null;
        ctx.pids().forget(ctx.service(), id);
        if (state == InstanceState.STOPPING) {
            state = InstanceState.STOPPED;
            message = "stopped (exit " + code + ")";
            exitWhileStopping.complete(null);
            listener.instanceChanged(this, "instance " + id + " stopped");
            return;
        }
        boolean uptimeReset = startedAt != null && Duration.between(startedAt, Instant.now()).compareTo(ctx.config().stableAfter()) >= 0;
        if (uptimeReset) consecutiveCrashes = 0;
        boolean failure = code != 0 || killReason != null;
        consecutiveCrashes++;
        String why = killReason != null ? killReason + " (exit " + code + ")" : "exited with code " + code;
        note("[drover] instance " + why);
        afterExit(failure, why);
    }

    private void failedToStart(String why) {
        startError = portConflict == null ? why : null;
        lastExitCode = null;
        consecutiveCrashes++;
        note("[drover] " + why);
        afterExit(true, why);
    }

    private void afterExit(boolean failure, String why) {
        var restart = revision.template().restart();
        boolean policyAllows = restart.policy() == RestartCondition.ALWAYS
                || (restart.policy() == RestartCondition.ON_FAILURE && failure);
        boolean attemptsLeft = restart.maxAttempts() == null || restarts < restart.maxAttempts();
        if (policyAllows && attemptsLeft) {
            long delay = backoffMillis();
            state = InstanceState.PENDING;
            message = why + "; restarting in " + formatMillis(delay);
            restartTimer = ctx.actor().schedule(this::start, delay, TimeUnit.MILLISECONDS);
        } else {
            exhausted = failure;
            state = failure ? InstanceState.FAILED : InstanceState.COMPLETED;
            message = why + (failure ? "; not restarted (restart policy " + restart.policy().name().toLowerCase(Locale.ROOT)
                    + (attemptsLeft ? "" : ", " + restart.maxAttempts() + " restarts used") + ")" : "; completed");
        }
        listener.instanceChanged(this, "instance " + id + " " + why);
    }

    private long backoffMillis() {
        long base = ctx.config().restartBackoffBase().toMillis();
        long cap = ctx.config().restartBackoffCap().toMillis();
        int shift = Math.min(20, Math.max(0, consecutiveCrashes - 1));
        return Math.min(cap, base << shift);
    }

    private void stable(int thisRun) {
        if (thisRun != run || process == null || !process.isAlive()) return;
        if (consecutiveCrashes > 0 && (ready || state == InstanceState.RUNNING)) {
            boolean wasLooping = crashLooping();
            consecutiveCrashes = 0;
            if (wasLooping) listener.instanceChanged(this, "instance " + id + " is stable again");
        }
    }

    /** True when the instance crashed {@link LocalConfig#crashLoopThreshold()} times in a row. */
    boolean crashLooping() {
        return consecutiveCrashes >= ctx.config().crashLoopThreshold();
    }

    /**
     * Stops the instance: SIGTERM to the whole process tree, SIGKILL after the stop timeout. The future
     * completes once every process of the tree has exited. Idempotent.
     */
    CompletableFuture<Void> stop(String reason) {
        if (stopped != null) return stopped;
        if (restartTimer != null) restartTimer.cancel(false);
        if (stableTimer != null) stableTimer.cancel(false);
        stopProbes();
        ready = false;
        if (process != null && process.isAlive()) {
            state = InstanceState.STOPPING;
            message = "stopping: " + reason;
            ProcessTree tree = ProcessTree.of(process.toHandle());
            stopped = tree.terminate(stopTimeout(), ctx.actor()).thenCombine(exitWhileStopping, (a, b) -> (Void) null);
        } else {
            state = InstanceState.STOPPED;
            message = "stopped: " + reason;
            stopped = CompletableFuture.completedFuture(null);
        }
        listener.instanceChanged(this, "instance " + id + " " + message);
        return stopped;
    }

    /**
     * Stops the process tree and waits for it, on the calling thread, without the actor (the JVM is
     * shutting down).
     */
    void stopNow() {
        Process p = process;
        if (p != null && p.isAlive()) ProcessTree.of(p.toHandle()).terminateAndWait(stopTimeout());
        ctx.pids().forget(ctx.service(), id);
    }

    private void stopProbes() {
        if (startup != null) startup.stop();
        if (readiness != null) readiness.stop();
        if (liveness != null) liveness.stop();
        if (firstListen != null) firstListen.stop();
        startup = readiness = liveness = firstListen = null;
    }

    private Duration stopTimeout() {
        var local = revision.template().extensions().local();
        return local != null && local.stopTimeoutSeconds() != null ? Duration.ofSeconds(local.stopTimeoutSeconds())
                : ctx.config().stopTimeout();
    }

    private static Path workingDirectory(ServiceSpec spec) {
        var local = spec.extensions().local();
        return local != null && local.workingDirectory() != null ? Path.of(local.workingDirectory()) : null;
    }

    /**
     * Why {@code program} cannot be run, or null when it can: a path must name an executable file
     * (relative to the working directory), a bare name must be found on {@code PATH}. Checked up
     * front because the session wrapper would otherwise report it only as exit code 127.
     */
    static String missingProgram(String program, String path, Path workingDirectory) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (!p.isAbsolute() && workingDirectory != null) p = workingDirectory.resolve(p);
            if (!java.nio.file.Files.exists(p)) return "no such file (" + p.toAbsolutePath() + ")";
            if (java.nio.file.Files.isDirectory(p) || !java.nio.file.Files.isExecutable(p)) return "not an executable file (" + p.toAbsolutePath() + ")";
            return null;
        }
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (java.nio.file.Files.isExecutable(p) && !java.nio.file.Files.isDirectory(p)) return null;
        }
        return "not found on PATH (" + path + ")";
    }

    private List<PortBinding> allocatePorts(ServiceSpec spec) throws IOException {
        List<PortBinding> list = new ArrayList<>();
        for (PortSpec p : spec.ports()) {
            int host = p.hostPort() != null ? p.hostPort() : ctx.ports().free();
            list.add(new PortBinding(p.name(), p.containerPort(), ctx.config().bindHost(), host, p.protocol()));
        }
        return List.copyOf(list);
    }

    /** The process environment: the spec's env, secrets with an env target, then Drover's own variables. */
    private Map<String, String> environment(ServiceSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        for (SecretRef s : spec.secrets()) {
            var value = revision.secrets().get(s.name());
            if (s.env() != null && value != null) env.put(s.env(), value.reveal());
        }
        if (!ports.isEmpty()) env.put("PORT", Integer.toString(ports.get(0).hostPort()));
        for (PortBinding b : ports) env.put(portVariable(b.name()), Integer.toString(b.hostPort()));
        env.put("DROVER_INSTANCE", id);
        env.put("DROVER_SERVICE", ctx.service());
        env.put("DROVER_REVISION", Long.toString(revision.number()));
        env.put("DROVER_HOST", ctx.config().bindHost());
        return env;
    }

    /** {@code DROVER_PORT_<NAME>}: the name upper-cased, '-' as '_'. */
    static String portVariable(String portName) {
        return VariableExpansion.portVariable(portName);
    }

    private void note(String text) {
        ctx.logs().add(new LogLine(id, LogLine.Stream.STDERR, Instant.now(), text));
    }

    /** This instance's status. */
    InstanceStatus status() {
        return new InstanceStatus(id, NODE, state, ready(), restarts, lastExitCode, revision.number(), ports, startedAt, message);
    }

    /** This instance's problems, with hints; empty when it is fine. */
    List<Problem> problems() {
        List<Problem> list = new ArrayList<>();
        if (portConflict != null) {
            list.add(new Problem(ProblemType.PORT_CONFLICT, "instance " + id + ": " + portConflict, id, "AddressInUse",
                    "Another process holds the pinned host port: find it (ss -ltnp) and stop it, or pin another "
                            + "spec.ports[].hostPort, or leave hostPort unset so that each instance gets a free port."));
        }
        if (startError != null) {
            list.add(new Problem(ProblemType.CONFIG_ERROR, "instance " + id + ": " + startError
                    , id, "StartError", "The local backend runs spec.command on this host: make sure the program exists "
                            + "(an absolute path, or a name on the PATH of the JVM running Drover), is executable, and that "
                            + "extensions.local.workingDirectory exists."));
        }
        String bindFailure = state == InstanceState.STOPPING || state == InstanceState.STOPPED ? null : exitedOnBindFailure();
        if (bindFailure != null && startError == null && portConflict == null) {
            list.add(BindFailure.problem(id, bindFailure));
        } else if (exhausted && startError == null && portConflict == null) {
            list.add(new Problem(ProblemType.CRASH_LOOP, "instance " + id + " " + message + lastOutput(), id, "Error", null));
        } else if (crashLooping() && startError == null && portConflict == null && state != InstanceState.STOPPING) {
            list.add(new Problem(ProblemType.CRASH_LOOP, "instance " + id + " crashed " + consecutiveCrashes
                    + " times in a row, last exit code " + lastExitCode + "; " + message + lastOutput(), id, "BackOff", null));
        }
        if (readiness != null && readiness.failing() && state == InstanceState.RUNNING) {
            list.add(new Problem(ProblemType.PROBE_FAILING, "instance " + id + ": readiness probe failing: "
                    + readiness.lastFailure(), id, "Unhealthy", null));
        }
        if (startup != null && startup.failures() > 0 && state == InstanceState.STARTING) {
            list.add(new Problem(ProblemType.PROBE_FAILING, "instance " + id + ": startup probe failing: "
                    + startup.lastFailure(), id, "Unhealthy", null));
        }
        return list;
    }

    private String lastOutput() {
        List<String> lines = ctx.logs().lastLines(id, 6).stream().filter(l -> !l.startsWith("[drover]")).toList();
        return lines.isEmpty() ? "" : "; last output:\n" + String.join("\n", lines);
    }

    private static String formatMillis(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
