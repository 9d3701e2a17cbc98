package io.drover.backend.local;

import io.drover.api.ApplyResult;
import io.drover.api.BackendInfo;
import io.drover.api.Capability;
import io.drover.api.Endpoint;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.RenderFormat;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded default backend: a single-host supervisor that runs each instance of a service as a
 * host process started from {@code spec.command} and {@code spec.args} (the image is recorded but
 * not run, so a spec without a command is refused). Each declared port is remapped to a free host
 * port per instance (or the pinned {@code hostPort}) and passed as {@code PORT} (the first port) and
 * {@code DROVER_PORT_<NAME>}; {@code DROVER_INSTANCE} and {@code DROVER_SERVICE} name the instance and
 * service. An instance is ready when its readiness probe passes; without one, once its first declared
 * TCP port accepts connections (or at once, with no port). It runs HTTP, TCP and exec probes for real, restarts crashed instances with exponential
 * backoff, rolls updates out and back (see {@link ServiceRuntime} for revision numbering), and
 * exposes services through a TCP load balancer on {@code 127.0.0.1:<port>} that only sends traffic to
 * ready instances.
 *
 * <p><b>Nothing leaks.</b> {@link #delete}, {@link #close()} and JVM shutdown (a shutdown hook, unless
 * {@link LocalConfig#shutdownHook()} is off) stop every process tree: SIGTERM, then SIGKILL after the
 * stop timeout. On Linux each instance runs as the leader of a session of its own ({@code setsid}),
 * so processes it started are found even after they were re-parented, and those a crashed instance
 * left behind are stopped too. A JVM that dies without running its hooks (SIGKILL, a crash) leaves its processes
 * behind; for that, each running instance has a pid file under
 * {@code <stateDirectory>/pids/<service>/<instance>.pid} recording its pid, start time and command
 * line and the supervisor that started it. A new {@code LocalBackend} on the same state directory
 * calls {@link #reapOrphans()} when it starts: every recorded process whose supervisor is gone, that
 * is still alive and whose start time and command line still match the record (so a reused pid is
 * left alone) is killed with its whole process tree. Output is kept in memory and in
 * {@code <stateDirectory>/logs/<service>/}.
 *
 * <p>Thread-safe. Write operations return once the change is accepted (delete and close wait for the
 * processes to be gone); {@link #status} and {@link #watch} show the service converging.
 */
public final class LocalBackend implements Backend {
    /** What the local backend can do. */
    public static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
            Capability.PROBE_HTTP, Capability.PROBE_TCP, Capability.PROBE_EXEC,
            Capability.READINESS_PROBE, Capability.LIVENESS_PROBE, Capability.STARTUP_PROBE, Capability.SEPARATE_PROBES,
            Capability.EXPOSE_INTERNAL, Capability.EXPOSE_NODE_PORT, Capability.EXPOSE_LOAD_BALANCER, Capability.HOST_PORT,
            Capability.UPDATE_START_FIRST, Capability.UPDATE_STOP_FIRST, Capability.AUTO_ROLLBACK, Capability.MANUAL_ROLLBACK,
            Capability.SECRETS_ENV, Capability.RESTART_ON_FAILURE, Capability.RESTART_NEVER, Capability.RESTART_MAX_ATTEMPTS,
            Capability.LOGS, Capability.WATCH));

    private final LocalSupervisor supervisor;
    private final Thread shutdownHook;

    /** A backend with the default configuration. */
    public LocalBackend() {
        this(LocalConfig.defaults());
    }

    /**
     * A backend with {@code config}. It creates the state directory, reaps processes orphaned by a
     * dead earlier supervisor on it, and installs the shutdown hook.
     *
     * @throws io.drover.api.error.BackendUnavailableException when the state directory cannot be used
     */
    public LocalBackend(LocalConfig config) {
        this.supervisor = new LocalSupervisor(config);
        supervisor.reapOrphans();
        if (config.shutdownHook()) {
            shutdownHook = new Thread(supervisor::close, "drover-local-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
    }

    /** The configuration in use. */
    public LocalConfig config() {
        return supervisor.config();
    }

    /**
     * Kills processes recorded in the state directory by a supervisor that is no longer alive (whole
     * process trees), and deletes their pid files. Called by the constructor; safe to call again.
     *
     * @return the pids of the processes killed
     */
    public List<Long> reapOrphans() {
        return supervisor.reapOrphans();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public BackendInfo info() {
        String version = Optional.ofNullable(LocalBackend.class.getPackage().getImplementationVersion()).orElse("dev");
        return new BackendInfo(name(), version, "java " + Runtime.version() + " on " + System.getProperty("os.name"),
                CAPABILITIES, Map.of("stateDirectory", config().stateDirectory().toString(), "bindHost", config().bindHost(),
                        "pid", Long.toString(ProcessHandle.current().pid()), "node", InstanceProcess.NODE));
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<Violation> validate(ServiceSpec spec) {
        return LocalSpecRules.validate(spec);
    }

    @Override
    public ApplyResult apply(ServiceSpec spec, Map<String, SecretValue> secrets) {
        return supervisor.apply(spec, secrets);
    }

    @Override
    public Optional<ServiceStatus> status(ServiceRef service) {
        return supervisor.status(service);
    }

    @Override
    public List<ServiceStatus> list(Selector selector) {
        return supervisor.list(selector);
    }

    @Override
    public void scale(ServiceRef service, int replicas) {
        supervisor.scale(service, replicas);
    }

    @Override
    public List<Endpoint> expose(ServiceRef service, ExposeSpec expose) {
        return supervisor.expose(service, expose);
    }

    /**
     * Makes the previous revision current again (under its own number) and rolls out to it; the
     * revision it replaces becomes the previous one.
     */
    @Override
    public long rollback(ServiceRef service) {
        return supervisor.rollback(service);
    }

    /** Deletes the service; returns once its processes (whole trees) are gone. */
    @Override
    public boolean delete(ServiceRef service) {
        return supervisor.delete(service);
    }

    @Override
    public Stream<LogLine> logs(ServiceRef service, LogOptions options) {
        return supervisor.logs(service, options);
    }

    @Override
    public Watch watch(Selector selector, WatchListener listener) {
        return supervisor.watch(selector, listener);
    }

    @Override
    public String render(ServiceSpec spec, RenderFormat format) {
        return LocalManifest.render(spec, config().bindHost(), format);
    }

    @Override
    public ServiceSpec importNative(String text) {
        return LocalManifest.read(text);
    }

    /** The backend itself or its {@link LocalConfig}; IllegalArgumentException for other types. */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) return type.cast(this);
        if (type == LocalConfig.class) return type.cast(config());
        throw new IllegalArgumentException("the local backend has no " + type.getName() + "; it offers LocalBackend and LocalConfig");
    }

    /** Stops every process tree, load balancer and watch. Idempotent. */
    @Override
    public void close() {
        supervisor.close();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or ran
            }
        }
    }
}
