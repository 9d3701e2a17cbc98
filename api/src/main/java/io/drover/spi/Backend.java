package io.drover.spi;

import io.drover.api.ApplyResult;
import io.drover.api.BackendInfo;
import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.Endpoint;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.RenderFormat;
import io.drover.api.Selector;
import io.drover.api.SecretValue;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a backend implements. Users never call it directly: the {@link io.drover.api.Drover} facade
 * validates specs, checks capabilities, resolves secrets and retries transient failures before it
 * calls a backend, so implementations may assume a valid spec whose capabilities they declared.
 *
 * <p>Namespaces: every operation names its service with a {@link ServiceRef}, whose null namespace
 * means the backend's default one; the same name in two namespaces is two services. A backend
 * without native namespaces emulates them (the local and Swarm backends prefix the native name with
 * {@code <namespace>_}, as {@code docker stack} does, outside the default namespace). Statuses carry
 * the namespace their service is in.
 *
 * <p>Contract for every method: thread-safe; failures are {@link io.drover.api.error.DroverException}s
 * produced by the backend's single error mapper, with {@code isRetryable()} set for transient ones
 * (connection refused, 429, 5xx, version conflicts). Write operations are asynchronous in the
 * backend sense: they return once the backend accepted the change; {@code status} and {@code watch}
 * show it converging.
 */
public interface Backend extends AutoCloseable {

    /** The backend's name, as used by {@code Drover.connect(name)}: local, swarm, kubernetes, nomad. */
    String name();

    /** Name, versions and capabilities. May contact the backend for the server version. */
    BackendInfo info();

    /** The capabilities this backend has. Must not contact the backend. */
    Set<Capability> capabilities();

    /**
     * The backend's own rules: its extension section ({@code spec.extensions.<name>}) and its limits
     * (values it cannot express). Returns every violation, each with its JSON path, such as
     * {@code spec.extensions.kubernetes.namespace}; empty when the backend has no objection. The facade
     * reports them together with the neutral ones ({@link io.drover.api.spec.SpecValidator}) in one
     * {@link io.drover.api.error.InvalidSpecException} before anything is created, so {@code spec} may
     * still have neutral violations and the rules must not assume otherwise. They run before the
     * capability check: what the backend lacks altogether is a capability it does not declare, not a
     * violation, so that lenient mode can still downgrade it. Must not contact the backend.
     */
    default List<Violation> validate(ServiceSpec spec) {
        return List.of();
    }

    /**
     * Creates the service or updates it to match {@code spec}, in {@code spec.namespace()} (null: the
     * backend's default namespace): idempotent, and a no-op (change
     * UNCHANGED, same revision) when nothing differs. A new revision starts only when something other
     * than the replica count changes.
     *
     * @param secrets values for the spec's secrets that have a source, by secret name
     */
    ApplyResult apply(ServiceSpec spec, Map<String, SecretValue> secrets);

    /** The service's status, or empty when it does not exist. */
    Optional<ServiceStatus> status(ServiceRef service);

    /**
     * Every matching service's status, in O(1) backend calls (never one call per service), in the
     * selector's namespace (null: the backend's default).
     */
    List<ServiceStatus> list(Selector selector);

    /** Sets the desired replica count. Throws ServiceNotFoundException when missing. */
    void scale(ServiceRef service, int replicas);

    /**
     * Exposes the service as {@code expose} says (replacing any earlier exposure) and returns its
     * reachable endpoints. {@link ExposeSpec#NONE} removes the exposure.
     */
    List<Endpoint> expose(ServiceRef service, ExposeSpec expose);

    /**
     * Goes back to the previous revision and returns the revision now desired. Throws
     * ServiceNotFoundException when missing and ConflictException (not retryable) when there is no
     * previous revision.
     */
    long rollback(ServiceRef service);

    /** Deletes the service and everything Drover created for it. Idempotent: false when nothing was there. */
    boolean delete(ServiceRef service);

    /**
     * The service's output, oldest first. With {@code follow} the stream stays open and blocks for
     * new lines until closed; close it (try-with-resources) to release the backend's connection.
     */
    Stream<LogLine> logs(ServiceRef service, LogOptions options);

    /**
     * Pushes an event for every change of a matching service (in the selector's namespace, null: the
     * backend's default), from the backend's native event
     * stream (never a sleep loop). Events arrive on a backend thread, in order per service. A watch
     * that ends without being closed (the backend was closed, its feed cannot be had again, a
     * non-retryable error) calls {@link WatchListener#onClose} once; {@code StatusDiffWatch} in
     * {@code io.drover.spi.support} does the comparing, the ordering and the failure channel.
     */
    Watch watch(Selector selector, WatchListener listener);

    /** The native manifest(s) the spec becomes, without applying anything. */
    String render(ServiceSpec spec, RenderFormat format);

    /** The neutral spec for a native manifest (the reverse of {@link #render}). */
    ServiceSpec importNative(String text);

    /**
     * Adapts a spec that needs capabilities this backend lacks, for lenient mode: returns the spec
     * to apply instead and records each change in {@code downgrades}. The default applies
     * {@link Downgrades#generic}; override it to map to a nearer equivalent.
     */
    default ServiceSpec downgrade(ServiceSpec spec, Set<Capability> missing, List<Downgrade> downgrades) {
        return Downgrades.generic(spec, missing, downgrades);
    }

    /**
     * The native client or object of the given type, as an escape hatch. It exposes the underlying
     * library, which may change outside Drover's control. Throws IllegalArgumentException for a type
     * the backend does not have.
     */
    <T> T unwrap(Class<T> type);

    /** Releases connections and threads. What the backend runs keeps running, except for the local backend. */
    @Override
    void close();
}
