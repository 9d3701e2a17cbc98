package io.drover.api;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.DroverException;
import io.drover.api.error.DroverTimeoutException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecValidator;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.spi.BackendProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one API users call: deploy, scale, probe, expose, update, roll back and inspect services on
 * whichever backend it was built with.
 *
 * <p>Before any backend call, write operations validate the spec ({@link InvalidSpecException}
 * lists every violation, the neutral ones and the backend's own together) and check it against the backend's capabilities
 * ({@link CapabilityNotSupportedException}, or downgrades in lenient mode), so nothing is
 * half-created. Transient backend failures are retried with exponential backoff and jitter under one
 * deadline (each retry is logged at WARN). Secret values never appear in its exceptions or log lines:
 * where a backend echoes one, it is masked as {@code ******}. Every method is thread-safe. Close it to
 * release the backend.
 *
 * <pre>{@code
 * try (Drover drover = Drover.connect("swarm")) {
 *     drover.apply(spec);
 *     ServiceStatus status = drover.awaitReady("web", Duration.ofMinutes(2));
 * }
 * }</pre>
 */
public final class Drover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Drover.class);
    private final Backend backend;
    private final boolean lenient;
    private final SecretResolver secrets;
    private final Duration retryDeadline;
    private final Executor executor;
    private final FailsafeExecutor<Object> retrying;
    private final String namespace;
    private final boolean ownsBackend;

    private Drover(Builder b) {
        this.backend = Objects.requireNonNull(b.backend, "backend");
        this.lenient = b.lenient;
        this.secrets = b.secrets;
        this.retryDeadline = b.retryDeadline;
        this.executor = b.executor;
        this.retrying = Failsafe.with(retryPolicy(List.of()));
        this.namespace = b.namespace;
        this.ownsBackend = true;
    }

    private Drover(Drover parent, String namespace) {
        this.backend = parent.backend;
        this.lenient = parent.lenient;
        this.secrets = parent.secrets;
        this.retryDeadline = parent.retryDeadline;
        this.executor = parent.executor;
        this.retrying = parent.retrying;
        this.namespace = namespace;
        this.ownsBackend = false;
    }

    /**
     * This facade, working in {@code namespace} (null: the backend's default namespace): every
     * operation by name, {@code list} and {@code watch} then mean services of that namespace, and
     * {@code apply} puts specs without {@code metadata.namespace} there. It shares this facade's
     * backend; closing it does nothing (close the facade it came from).
     *
     * @throws InvalidSpecException when the namespace is not a DNS-1123 label
     */
    public Drover inNamespace(String namespace) {
        requireNamespace(namespace);
        return new Drover(this, namespace);
    }

    /** The namespace this facade works in; null for the backend's default namespace. */
    public String namespace() {
        return namespace;
    }

    /**
     * Retries retryable {@link DroverException}s with exponential backoff and jitter until the retry
     * deadline, logging each retry at WARN with secret values masked.
     */
    private RetryPolicy<Object> retryPolicy(Collection<SecretValue> secrets) {
        List<String> values = secrets.stream().map(SecretValue::reveal).filter(v -> !v.isEmpty()).toList();
        return RetryPolicy.builder()
                .handleIf(e -> e instanceof DroverException d && d.isRetryable())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
                .withJitter(0.25)
                .withMaxRetries(-1)
                .withMaxDuration(retryDeadline)
                .onRetry(e -> LOG.warn("{} backend: transient failure (attempt {}), retrying: {}", backend.name(), e.getAttemptCount(),
                        SecretRedaction.mask(String.valueOf(e.getLastException() == null ? null : e.getLastException().getMessage()), values)))
                .build();
    }

    /** A builder for a facade over the given backend. */
    public static Builder builder(Backend backend) {
        return new Builder(backend);
    }

    /**
     * Connects to the named backend (local, swarm, kubernetes, nomad), found with ServiceLoader and
     * configured by its ecosystem's conventions. Throws {@link BackendUnavailableException} when no
     * such backend is on the classpath.
     */
    public static Drover connect(String backendName) {
        return builder(findProvider(backendName).create()).build();
    }

    /** Connects to the applicable backend of highest priority (the local backend is the fallback). */
    public static Drover connect() {
        List<BackendProvider> providers = providers();
        BackendProvider best = providers.stream().filter(BackendProvider::isApplicable)
                .max(Comparator.comparingInt(BackendProvider::priority))
                .orElseThrow(() -> new BackendUnavailableException("no applicable backend found; on the classpath: "
                        + names(providers), null, "connect", null, null, false, null));
        return builder(best.create()).build();
    }

    /** The backend providers on the classpath, by name. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(list::add);
        return list;
    }

    static BackendProvider findProvider(String name) {
        List<BackendProvider> providers = providers();
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new BackendUnavailableException("no backend named '" + name + "' on the classpath (found: "
                        + names(providers) + "); add the drover-backend-" + name + " dependency", name, "connect", null, null, false, null));
    }

    private static String names(List<BackendProvider> providers) {
        return providers.isEmpty() ? "none" : String.join(", ", providers.stream().map(BackendProvider::name).toList());
    }

    // ------------------------------------------------------------------ write operations

    /**
     * Creates the service or updates it to match {@code spec}. Idempotent: a second identical apply
     * changes nothing and returns the same revision (change UNCHANGED).
     *
     * @throws InvalidSpecException when the spec is invalid (every violation listed)
     * @throws CapabilityNotSupportedException when the backend lacks what the spec needs (strict mode)
     */
    public ApplyResult apply(ServiceSpec spec) {
        spec = inThisNamespace(spec);
        check(spec);
        List<Downgrade> downgrades = new ArrayList<>();
        ServiceSpec effective = checkCapabilities(spec, downgrades);
        Map<String, SecretValue> values = resolveSecrets(effective);
        ApplyResult result;
        try {
            result = Failsafe.with(retryPolicy(values.values())).get(() -> backend.apply(effective, values));
        } catch (RuntimeException e) {
            throw SecretRedaction.scrub(e, values.values(), backend.name(), "apply", spec.name());
        }
        return result.withDowngrades(downgrades);
    }

    /** {@link #apply} on the facade's executor. */
    public CompletableFuture<ApplyResult> applyAsync(ServiceSpec spec) {
        return CompletableFuture.supplyAsync(() -> apply(spec), executor);
    }

    /**
     * Sets the desired number of instances (0 keeps the service but runs nothing).
     *
     * @throws ServiceNotFoundException when the service does not exist
     */
    public void scale(String name, int replicas) {
        requireName(name);
        if (replicas < 0 || replicas > 10_000) {
            throw new InvalidSpecException(List.of(new Violation("replicas", "must be 0..10000, was " + replicas)));
        }
        retry(() -> {
            backend.scale(ref(name), replicas);
            return null;
        });
    }

    /** {@link #scale} on the facade's executor. */
    public CompletableFuture<Void> scaleAsync(String name, int replicas) {
        return CompletableFuture.runAsync(() -> scale(name, replicas), executor);
    }

    /**
     * Exposes the service (replacing an earlier exposure) and returns its reachable endpoints. The
     * exposure is validated against the service's declared ports and the backend's capabilities.
     */
    public List<Endpoint> expose(String name, ExposeSpec expose) {
        requireName(name);
        ServiceStatus current = status(name).orElseThrow(() -> new ServiceNotFoundException(backend.name(), "expose", name));
        if (current.spec() != null) {
            ServiceSpec exposed = current.spec().toBuilder().expose(expose).build();
            List<Violation> violations = violations(exposed).stream()
                    .filter(v -> v.path().startsWith("spec.expose")).toList();
            if (!violations.isEmpty()) throw new InvalidSpecException(violations);
            List<CapabilityUse> missing = Capability.missing(exposed, backend.capabilities()).stream()
                    .filter(u -> u.path().startsWith("spec.expose")).toList();
            if (!missing.isEmpty()) throw new CapabilityNotSupportedException(backend.name(), name, missing);
        }
        return retry(() -> backend.expose(ref(name), expose));
    }

    /**
     * Goes back to the previous revision and returns the revision now desired.
     *
     * @throws CapabilityNotSupportedException when the backend cannot roll back
     * @throws io.drover.api.error.ConflictException when there is no previous revision
     */
    public long rollback(String name) {
        requireName(name);
        requireOperation(Capability.MANUAL_ROLLBACK, name, "rollback");
        return backend.rollback(ref(name));
    }

    /** {@link #rollback} on the facade's executor. */
    public CompletableFuture<Long> rollbackAsync(String name) {
        return CompletableFuture.supplyAsync(() -> rollback(name), executor);
    }

    /** Deletes the service and what Drover created for it. Idempotent: false when nothing was there. */
    public boolean delete(String name) {
        requireName(name);
        return retry(() -> backend.delete(ref(name)));
    }

    /** {@link #delete} on the facade's executor. */
    public CompletableFuture<Boolean> deleteAsync(String name) {
        return CompletableFuture.supplyAsync(() -> delete(name), executor);
    }

    // ------------------------------------------------------------------ read operations

    /** The service's status, or empty when it does not exist. */
    public Optional<ServiceStatus> status(String name) {
        requireName(name);
        return retry(() -> backend.status(ref(name)));
    }

    /** The status of every service the selector matches, in O(1) backend calls. */
    public List<ServiceStatus> list(Selector selector) {
        return retry(() -> backend.list(inThisNamespace(selector)));
    }

    /**
     * The service's output; with {@code follow} the stream blocks for new lines until closed. Use
     * try-with-resources.
     */
    public Stream<LogLine> logs(String name, LogOptions options) {
        requireName(name);
        requireOperation(Capability.LOGS, name, "logs");
        return retry(() -> backend.logs(ref(name), options));
    }

    /**
     * Pushes an event for every change of a matching service until the returned watch is closed;
     * if the watch ends by itself (the backend was closed or went away), {@code listener.onClose}
     * says why, once. A lambda {@code e -> ...} is a listener of events only.
     */
    public Watch watch(Selector selector, WatchListener listener) {
        requireOperation(Capability.WATCH, null, "watch");
        return retry(() -> backend.watch(inThisNamespace(selector), listener));
    }

    /**
     * Waits, driven by the backend's events, until the service settles: READY, FAILED or ROLLED_BACK,
     * and returns that status.
     *
     * @throws DroverTimeoutException with the last status and its problems when time runs out
     * @throws ServiceNotFoundException when the service does not exist or is deleted while waiting
     * @throws DroverException the watch's own failure, at once, when the backend's watch ends while
     *     waiting (the backend was closed, the daemon went away)
     */
    public ServiceStatus awaitReady(String name, Duration timeout) {
        return awaitReady(name, timeout, s -> { });
    }

    /**
     * Like {@link #awaitReady(String, Duration)}, calling {@code progress} with every status seen so
     * that a long wait can be observed (replicas ready, current problems).
     */
    public ServiceStatus awaitReady(String name, Duration timeout, Consumer<ServiceStatus> progress) {
        requireName(name);
        CompletableFuture<ServiceStatus> done = new CompletableFuture<>();
        AtomicReference<ServiceStatus> last = new AtomicReference<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Consumer<ServiceStatus> consider = s -> {
            last.set(s);
            progress.accept(s);
            if (s.state().isSettled()) done.complete(s);
        };
        Watch watch = backend.capabilities().contains(Capability.WATCH)
                ? retry(() -> backend.watch(Selector.named(name).inNamespace(namespace), WatchListener.of(e -> {
                    if (!name.equals(e.name())) return;
                    if (e.type() == EventType.DELETED) done.completeExceptionally(new ServiceNotFoundException(backend.name(), "awaitReady", name));
                    else if (e.status() != null) consider.accept(e.status());
                }, done::completeExceptionally)))
                : null;
        try {
            Optional<ServiceStatus> now = status(name);
            if (now.isEmpty()) throw new ServiceNotFoundException(backend.name(), "awaitReady", name);
            consider.accept(now.get());
            if (watch == null) {
                // no event stream: poll, never past the deadline
                long left;
                while (!done.isDone() && (left = deadline - System.nanoTime()) > 0) {
                    Thread.sleep(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(left))));
                    status(name).ifPresentOrElse(consider, () -> done.completeExceptionally(
                            new ServiceNotFoundException(backend.name(), "awaitReady", name)));
                }
            }
            return done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DroverTimeoutException(backend.name(), "awaitReady", name, timeout, last.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DroverException("interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DroverException d) throw d;
            throw new DroverException("wait failed", e.getCause());
        } finally {
            if (watch != null) watch.close();
        }
    }

    /** {@link #awaitReady(String, Duration)} on the facade's executor. */
    public CompletableFuture<ServiceStatus> awaitReadyAsync(String name, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> awaitReady(name, timeout), executor);
    }

    // ------------------------------------------------------------------ other

    /**
     * The native manifest(s) the spec becomes on this backend, without applying anything (a dry run).
     * The spec is validated and capability-checked like {@link #apply}.
     */
    public String render(ServiceSpec spec, RenderFormat format) {
        spec = inThisNamespace(spec);
        check(spec);
        ServiceSpec effective = checkCapabilities(spec, new ArrayList<>());
        return backend.render(effective, format);
    }

    /** The neutral spec for a native manifest of this backend (the reverse of {@link #render}). */
    public ServiceSpec importNative(String text) {
        return backend.importNative(text);
    }

    /** The backend's name, versions and capabilities. */
    public BackendInfo info() {
        return retry(backend::info);
    }

    /** The backend's name. */
    public String backendName() {
        return backend.name();
    }

    /** Whether lenient mode (downgrades instead of refusals) is on. */
    public boolean isLenient() {
        return lenient;
    }

    /**
     * The backend's native client (or the backend itself) as {@code type}: an escape hatch to the
     * underlying library, which may change outside Drover's control.
     */
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(backend)) return type.cast(backend);
        return backend.unwrap(type);
    }

    /**
     * Releases the backend's connections (the local backend also stops its processes). A facade
     * made by {@link #inNamespace} shares its backend: closing it does nothing.
     */
    @Override
    public void close() {
        if (ownsBackend) backend.close();
    }

    // ------------------------------------------------------------------ internals

    private ServiceSpec checkCapabilities(ServiceSpec spec, List<Downgrade> downgrades) {
        Set<Capability> available = backend.capabilities();
        List<CapabilityUse> missing = Capability.missing(spec, available);
        if (missing.isEmpty()) return spec;
        if (!lenient) throw new CapabilityNotSupportedException(backend.name(), spec.name(), missing);
        Set<Capability> lacking = EnumSet.noneOf(Capability.class);
        missing.forEach(u -> lacking.add(u.capability()));
        ServiceSpec adapted = backend.downgrade(spec, lacking, downgrades);
        List<CapabilityUse> still = Capability.missing(adapted, available);
        if (!still.isEmpty()) throw new CapabilityNotSupportedException(backend.name(), spec.name(), still);
        check(adapted);
        return adapted;
    }

    /** Throws {@link InvalidSpecException} with every neutral and backend violation of the spec, if it has any. */
    private void check(ServiceSpec spec) {
        List<Violation> violations = violations(spec);
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
    }

    /** The neutral rules' violations, then the backend's own ({@link Backend#validate}). */
    private List<Violation> violations(ServiceSpec spec) {
        List<Violation> all = new ArrayList<>(SpecValidator.validate(spec));
        all.addAll(backend.validate(spec));
        return all;
    }

    private Map<String, SecretValue> resolveSecrets(ServiceSpec spec) {
        Map<String, SecretValue> values = new LinkedHashMap<>();
        for (int i = 0; i < spec.secrets().size(); i++) {
            var ref = spec.secrets().get(i);
            secrets.resolve(ref, "spec.secrets[" + i + "]").ifPresent(v -> values.put(ref.name(), v));
        }
        return values;
    }

    private void requireOperation(Capability capability, String service, String operation) {
        if (!backend.capabilities().contains(capability)) {
            throw new CapabilityNotSupportedException(backend.name(), service, List.of(new CapabilityUse(capability, operation)));
        }
    }

    private ServiceRef ref(String name) {
        return new ServiceRef(namespace, name);
    }

    private Selector inThisNamespace(Selector selector) {
        Objects.requireNonNull(selector, "selector");
        return selector.withNamespaceOr(namespace);
    }

    /** The spec in this facade's namespace; refused when it names another one (as kubectl -n does). */
    private ServiceSpec inThisNamespace(ServiceSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (namespace == null) return spec;
        if (spec.namespace() == null) return spec.withNamespace(namespace);
        if (!spec.namespace().equals(namespace)) {
            throw new InvalidSpecException(List.of(new Violation("metadata.namespace", "is '" + spec.namespace()
                    + "' but this facade works in namespace '" + namespace + "'; leave it out, or use inNamespace(\"" + spec.namespace() + "\")")));
        }
        return spec;
    }

    /** Refuses a namespace (null: the backend's default) that is not a DNS-1123 label, at path {@code namespace}. */
    private static void requireNamespace(String namespace) {
        List<Violation> v = new ArrayList<>();
        SpecValidator.namespace(namespace, "namespace", v);
        if (!v.isEmpty()) throw new InvalidSpecException(v);
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) throw new InvalidSpecException(List.of(new Violation("name", "is required")));
    }

    @SuppressWarnings("unchecked")
    private <T> T retry(Supplier<T> call) {
        return (T) retrying.get(call::get);
    }

    /** Builds a {@link Drover}; not thread-safe. */
    public static final class Builder {
        private final Backend backend;
        private boolean lenient;
        private SecretResolver secrets = HostSecretResolver.INSTANCE;
        private Duration retryDeadline = Duration.ofSeconds(30);
        private Executor executor = ForkJoinPool.commonPool();
        private String namespace;

        private Builder(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /** Downgrade specs that need missing capabilities instead of refusing them (default: strict). */
        public Builder lenient(boolean lenient) { this.lenient = lenient; return this; }

        /** Where secret values come from (default: the host's environment and files). */
        public Builder secretResolver(SecretResolver resolver) { this.secrets = Objects.requireNonNull(resolver); return this; }

        /** How long transient failures are retried in all (default 30 s). */
        public Builder retryDeadline(Duration deadline) { this.retryDeadline = Objects.requireNonNull(deadline); return this; }

        /** Where the async variants run (default: the common pool). */
        public Builder executor(Executor executor) { this.executor = Objects.requireNonNull(executor); return this; }

        /** The namespace the facade works in (default null: the backend's default namespace); see {@link Drover#inNamespace}. */
        public Builder namespace(String namespace) { this.namespace = namespace; return this; }

        /**
         * The facade.
         *
         * @throws InvalidSpecException when the namespace is not a DNS-1123 label
         */
        public Drover build() {
            requireNamespace(namespace);
            return new Drover(this);
        }
    }
}
