package io.drover.api;

import io.drover.api.spec.ServiceSpec;
import io.drover.spi.CapabilityTable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Something a backend can do. Each backend declares the set it has ({@link BackendInfo#capabilities()});
 * {@link #requiredBy(ServiceSpec)} says which ones a spec needs, field by field, so the facade can
 * refuse a spec before anything is created (or downgrade it in lenient mode). Which fields need
 * which capability, and how lenient mode downgrades it, is kept in one table, {@link CapabilityTable}:
 * a new constant needs a row there, and no backend has it until it lists it.
 */
public enum Capability {
    /** Run the image's own entrypoint when {@code spec.command} is empty. */
    IMAGE_ENTRYPOINT("runs the image's own entrypoint when no command is given"),
    /** HTTP GET probes. */
    PROBE_HTTP("HTTP GET probes"),
    /** TCP connect probes. */
    PROBE_TCP("TCP connect probes"),
    /** Command probes run inside the instance. */
    PROBE_EXEC("command probes"),
    /** A readiness probe that gates traffic. */
    READINESS_PROBE("a readiness probe that gates traffic"),
    /** A liveness probe that restarts failing instances. */
    LIVENESS_PROBE("a liveness probe that restarts failing instances"),
    /** A startup probe that holds back the others. */
    STARTUP_PROBE("a startup probe"),
    /** More than one probe at once (separate readiness, liveness and startup checks). */
    SEPARATE_PROBES("separate readiness, liveness and startup probes at once"),
    /** Exposure inside the cluster only. */
    EXPOSE_INTERNAL("exposure inside the cluster"),
    /** Exposure on a port of every node. */
    EXPOSE_NODE_PORT("exposure on a port of every node"),
    /** Exposure through a load balancer. */
    EXPOSE_LOAD_BALANCER("exposure through a load balancer"),
    /** A port pinned on the host ({@code ports[].hostPort}). */
    HOST_PORT("ports pinned on the host"),
    /** UDP ports. */
    UDP("UDP ports"),
    /** CPU and memory reservations. */
    RESOURCE_REQUESTS("CPU and memory requests"),
    /** CPU and memory limits. */
    RESOURCE_LIMITS("CPU and memory limits"),
    /** Start-first rolling updates. */
    UPDATE_START_FIRST("start-first rolling updates"),
    /** Stop-first rolling updates. */
    UPDATE_STOP_FIRST("stop-first rolling updates"),
    /** Automatic rollback of a failed update. */
    AUTO_ROLLBACK("automatic rollback of a failed update"),
    /** Rolling back to the previous revision on request. */
    MANUAL_ROLLBACK("rollback to the previous revision on request"),
    /** Placement constraints. */
    PLACEMENT_CONSTRAINTS("placement constraints"),
    /** Spreading instances over a node attribute. */
    PLACEMENT_SPREAD("spreading over a node attribute"),
    /** A cap on instances per node. */
    MAX_PER_NODE("a cap on instances per node"),
    /** Secrets given as environment variables. */
    SECRETS_ENV("secrets as environment variables"),
    /** Secrets given as files. */
    SECRETS_FILE("secrets as files"),
    /** Secrets that already exist in the backend's own store (no fromEnv/fromFile). */
    SECRET_STORE("a secret store holding secrets Drover did not create"),
    /** Running as a given user or group. */
    RUN_AS_USER("running as a given user or group"),
    /** Refusing to run as root. */
    RUN_AS_NON_ROOT("refusing to run as root"),
    /** A read-only root filesystem. */
    READ_ONLY_ROOT_FS("a read-only root filesystem"),
    /** Dropping or adding Linux capabilities. */
    LINUX_CAPABILITIES("dropping or adding Linux capabilities"),
    /** Restarting only after failures. */
    RESTART_ON_FAILURE("restart only on failure"),
    /** Never restarting (run-to-completion). */
    RESTART_NEVER("never restart"),
    /** A bound on restart attempts. */
    RESTART_MAX_ATTEMPTS("a bound on restart attempts"),
    /** Streaming logs with follow. */
    LOGS("logs, with follow"),
    /** Pushed change events. */
    WATCH("pushed change events");

    private final String description;

    Capability(String description) { this.description = description; }

    /** What the capability allows, in a few words. */
    public String description() { return description; }

    /** The capability's name as written in messages and docs, e.g. {@code probe-http}. */
    public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    /**
     * Every capability the spec needs, each with the path of the field that needs it, in document
     * order. A field may need more than one capability. A view of {@link CapabilityTable}.
     */
    public static List<CapabilityUse> requiredBy(ServiceSpec spec) {
        return CapabilityTable.requiredBy(spec);
    }

    /** The uses whose capability is not in {@code available}. */
    public static List<CapabilityUse> missing(ServiceSpec spec, Set<Capability> available) {
        return requiredBy(spec).stream().filter(u -> !available.contains(u.capability())).toList();
    }

    /** Capabilities that belong to operations rather than spec fields (the table's rows without fields). */
    public static final Set<Capability> OPERATIONS = Set.of(MANUAL_ROLLBACK, LOGS, WATCH);

}
