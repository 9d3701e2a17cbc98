package io.drover.api;

import io.drover.api.spec.FailureAction;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Something a backend can do. Each backend declares the set it has ({@link BackendInfo#capabilities()});
 * {@link #requiredBy(ServiceSpec)} says which ones a spec needs, field by field, so the facade can
 * refuse a spec before anything is created (or downgrade it in lenient mode).
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
     * order. A field may need more than one capability.
     */
    public static List<CapabilityUse> requiredBy(ServiceSpec spec) {
        List<CapabilityUse> uses = new ArrayList<>();
        if (spec.command().isEmpty()) uses.add(new CapabilityUse(IMAGE_ENTRYPOINT, "spec.command"));
        for (int i = 0; i < spec.secrets().size(); i++) {
            SecretRef s = spec.secrets().get(i);
            String p = "spec.secrets[" + i + "]";
            if (s.env() != null) uses.add(new CapabilityUse(SECRETS_ENV, p + ".env"));
            if (s.path() != null) uses.add(new CapabilityUse(SECRETS_FILE, p + ".path"));
            if (!s.hasSource()) uses.add(new CapabilityUse(SECRET_STORE, p + ".name"));
        }
        for (int i = 0; i < spec.ports().size(); i++) {
            PortSpec port = spec.ports().get(i);
            if (port.protocol() == Protocol.UDP) uses.add(new CapabilityUse(UDP, "spec.ports[" + i + "].protocol"));
            if (port.hostPort() != null) uses.add(new CapabilityUse(HOST_PORT, "spec.ports[" + i + "].hostPort"));
        }
        switch (spec.expose().type()) {
            case INTERNAL -> uses.add(new CapabilityUse(EXPOSE_INTERNAL, "spec.expose.type"));
            case NODE_PORT -> uses.add(new CapabilityUse(EXPOSE_NODE_PORT, "spec.expose.type"));
            case LOAD_BALANCER -> uses.add(new CapabilityUse(EXPOSE_LOAD_BALANCER, "spec.expose.type"));
            case NONE -> { }
        }
        if (!spec.resources().requests().isEmpty()) uses.add(new CapabilityUse(RESOURCE_REQUESTS, "spec.resources.requests"));
        if (!spec.resources().limits().isEmpty()) uses.add(new CapabilityUse(RESOURCE_LIMITS, "spec.resources.limits"));
        int probeCount = 0;
        probeCount += probe(uses, spec.probes().readiness(), READINESS_PROBE, "spec.probes.readiness");
        probeCount += probe(uses, spec.probes().liveness(), LIVENESS_PROBE, "spec.probes.liveness");
        probeCount += probe(uses, spec.probes().startup(), STARTUP_PROBE, "spec.probes.startup");
        if (probeCount > 1) uses.add(new CapabilityUse(SEPARATE_PROBES, "spec.probes"));
        uses.add(new CapabilityUse(spec.update().order() == UpdateOrder.START_FIRST ? UPDATE_START_FIRST : UPDATE_STOP_FIRST, "spec.update.order"));
        if (spec.update().failureAction() == FailureAction.ROLLBACK) uses.add(new CapabilityUse(AUTO_ROLLBACK, "spec.update.failureAction"));
        if (!spec.placement().constraints().isEmpty()) uses.add(new CapabilityUse(PLACEMENT_CONSTRAINTS, "spec.placement.constraints"));
        if (spec.placement().spread() != null) uses.add(new CapabilityUse(PLACEMENT_SPREAD, "spec.placement.spread"));
        if (spec.placement().maxPerNode() != null) uses.add(new CapabilityUse(MAX_PER_NODE, "spec.placement.maxPerNode"));
        var sec = spec.security();
        if (sec.runAsUser() != null) uses.add(new CapabilityUse(RUN_AS_USER, "spec.security.runAsUser"));
        if (sec.runAsGroup() != null) uses.add(new CapabilityUse(RUN_AS_USER, "spec.security.runAsGroup"));
        if (Boolean.TRUE.equals(sec.runAsNonRoot())) uses.add(new CapabilityUse(RUN_AS_NON_ROOT, "spec.security.runAsNonRoot"));
        if (Boolean.TRUE.equals(sec.readOnlyRootFilesystem())) uses.add(new CapabilityUse(READ_ONLY_ROOT_FS, "spec.security.readOnlyRootFilesystem"));
        if (!sec.dropCapabilities().isEmpty()) uses.add(new CapabilityUse(LINUX_CAPABILITIES, "spec.security.dropCapabilities"));
        if (!sec.addCapabilities().isEmpty()) uses.add(new CapabilityUse(LINUX_CAPABILITIES, "spec.security.addCapabilities"));
        if (spec.restart().policy() == RestartCondition.ON_FAILURE) uses.add(new CapabilityUse(RESTART_ON_FAILURE, "spec.restart.policy"));
        if (spec.restart().policy() == RestartCondition.NEVER) uses.add(new CapabilityUse(RESTART_NEVER, "spec.restart.policy"));
        if (spec.restart().maxAttempts() != null) uses.add(new CapabilityUse(RESTART_MAX_ATTEMPTS, "spec.restart.maxAttempts"));
        return uses;
    }

    /** The uses whose capability is not in {@code available}. */
    public static List<CapabilityUse> missing(ServiceSpec spec, Set<Capability> available) {
        return requiredBy(spec).stream().filter(u -> !available.contains(u.capability())).toList();
    }

    private static int probe(List<CapabilityUse> uses, Probe probe, Capability which, String path) {
        if (probe == null) return 0;
        uses.add(new CapabilityUse(which, path));
        if (probe.kind() != null) {
            switch (probe.kind()) {
                case HTTP -> uses.add(new CapabilityUse(PROBE_HTTP, path + ".http"));
                case TCP -> uses.add(new CapabilityUse(PROBE_TCP, path + ".tcp"));
                case EXEC -> uses.add(new CapabilityUse(PROBE_EXEC, path + ".exec"));
            }
        }
        return 1;
    }

    /** Capabilities that belong to operations rather than spec fields. */
    public static final Set<Capability> OPERATIONS = Set.of(MANUAL_ROLLBACK, LOGS, WATCH);

}
