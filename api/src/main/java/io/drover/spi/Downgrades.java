package io.drover.spi;

import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.Placement;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Probes;
import io.drover.api.spec.ResourceAmounts;
import io.drover.api.spec.Resources;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import java.util.List;
import java.util.Set;

/**
 * The generic lenient-mode downgrades: for each missing capability, the nearest thing any backend
 * can do, recorded as a {@link Downgrade}. Some capabilities have no honest equivalent (running an
 * image's entrypoint, UDP, secret delivery): those stay missing and the facade still refuses them.
 */
public final class Downgrades {
    private Downgrades() {}

    /** Applies the generic downgrades for {@code missing} and records each in {@code out}. */
    public static ServiceSpec generic(ServiceSpec spec, Set<Capability> missing, List<Downgrade> out) {
        ServiceSpec.Builder b = spec.toBuilder();
        Probes probes = spec.probes();
        Probe readiness = probes.readiness(), liveness = probes.liveness(), startup = probes.startup();
        if (missing.contains(Capability.STARTUP_PROBE) && startup != null) {
            out.add(new Downgrade("spec.probes.startup", Capability.STARTUP_PROBE, "startup probe dropped"));
            startup = null;
        }
        if (missing.contains(Capability.LIVENESS_PROBE) && liveness != null) {
            out.add(new Downgrade("spec.probes.liveness", Capability.LIVENESS_PROBE, "liveness probe dropped"));
            liveness = null;
        }
        if (missing.contains(Capability.READINESS_PROBE) && readiness != null) {
            out.add(new Downgrade("spec.probes.readiness", Capability.READINESS_PROBE, "readiness probe dropped"));
            readiness = null;
        }
        readiness = dropIfKindMissing(readiness, "spec.probes.readiness", missing, out);
        liveness = dropIfKindMissing(liveness, "spec.probes.liveness", missing, out);
        startup = dropIfKindMissing(startup, "spec.probes.startup", missing, out);
        if (missing.contains(Capability.SEPARATE_PROBES)) {
            int count = (readiness != null ? 1 : 0) + (liveness != null ? 1 : 0) + (startup != null ? 1 : 0);
            if (count > 1) {
                if (readiness != null) {
                    if (liveness != null) out.add(new Downgrade("spec.probes.liveness", Capability.SEPARATE_PROBES,
                            "liveness dropped: the readiness probe is the single health check"));
                    if (startup != null) out.add(new Downgrade("spec.probes.startup", Capability.SEPARATE_PROBES,
                            "startup dropped: the readiness probe is the single health check"));
                    liveness = null;
                    startup = null;
                } else {
                    out.add(new Downgrade("spec.probes.startup", Capability.SEPARATE_PROBES,
                            "startup dropped: the liveness probe is the single health check"));
                    startup = null;
                }
            }
        }
        b.probes(new Probes(readiness, liveness, startup));

        ExposeType type = spec.expose().type();
        Capability needed = exposeCapability(type);
        if (needed != null && missing.contains(needed)) {
            ExposeType nearer = nearestExpose(type, missing);
            out.add(new Downgrade("spec.expose.type", needed, nearer == ExposeType.NONE
                    ? "exposure dropped: no exposure type is available" : "exposed as " + nearer + " instead of " + type));
            b.expose(new ExposeSpec(nearer, nearer == ExposeType.NONE ? List.of() : spec.expose().ports()));
        }
        if (missing.contains(Capability.HOST_PORT)) {
            List<PortSpec> ports = spec.ports().stream().map(p -> p.hostPort() == null ? p
                    : new PortSpec(p.name(), p.containerPort(), p.protocol(), null)).toList();
            for (int i = 0; i < spec.ports().size(); i++) {
                if (spec.ports().get(i).hostPort() != null) out.add(new Downgrade("spec.ports[" + i + "].hostPort",
                        Capability.HOST_PORT, "host port chosen by the backend instead"));
            }
            b.ports(ports);
        }
        ResourceAmounts requests = spec.resources().requests(), limits = spec.resources().limits();
        if (missing.contains(Capability.RESOURCE_REQUESTS) && !requests.isEmpty()) {
            out.add(new Downgrade("spec.resources.requests", Capability.RESOURCE_REQUESTS, "requests ignored"));
            requests = ResourceAmounts.NONE;
        }
        if (missing.contains(Capability.RESOURCE_LIMITS) && !limits.isEmpty()) {
            out.add(new Downgrade("spec.resources.limits", Capability.RESOURCE_LIMITS, "limits ignored: instances are not capped"));
            limits = ResourceAmounts.NONE;
        }
        b.resources(new Resources(requests, limits));

        UpdatePolicy u = spec.update();
        UpdateOrder order = u.order();
        if (order == UpdateOrder.START_FIRST && missing.contains(Capability.UPDATE_START_FIRST)
                && !missing.contains(Capability.UPDATE_STOP_FIRST)) {
            out.add(new Downgrade("spec.update.order", Capability.UPDATE_START_FIRST, "stop-first update instead"));
            order = UpdateOrder.STOP_FIRST;
        } else if (order == UpdateOrder.STOP_FIRST && missing.contains(Capability.UPDATE_STOP_FIRST)
                && !missing.contains(Capability.UPDATE_START_FIRST)) {
            out.add(new Downgrade("spec.update.order", Capability.UPDATE_STOP_FIRST, "start-first update instead"));
            order = UpdateOrder.START_FIRST;
        }
        FailureAction action = u.failureAction();
        if (action == FailureAction.ROLLBACK && missing.contains(Capability.AUTO_ROLLBACK)) {
            out.add(new Downgrade("spec.update.failureAction", Capability.AUTO_ROLLBACK, "a failed update pauses instead of rolling back"));
            action = FailureAction.PAUSE;
        }
        b.update(new UpdatePolicy(u.parallelism(), order, action, u.monitorSeconds(), u.delaySeconds()));

        Placement pl = spec.placement();
        List<String> constraints = pl.constraints();
        String spread = pl.spread();
        Integer maxPerNode = pl.maxPerNode();
        if (missing.contains(Capability.PLACEMENT_CONSTRAINTS) && !constraints.isEmpty()) {
            out.add(new Downgrade("spec.placement.constraints", Capability.PLACEMENT_CONSTRAINTS, "constraints ignored: instances may run anywhere"));
            constraints = List.of();
        }
        if (missing.contains(Capability.PLACEMENT_SPREAD) && spread != null) {
            out.add(new Downgrade("spec.placement.spread", Capability.PLACEMENT_SPREAD, "spread ignored"));
            spread = null;
        }
        if (missing.contains(Capability.MAX_PER_NODE) && maxPerNode != null) {
            out.add(new Downgrade("spec.placement.maxPerNode", Capability.MAX_PER_NODE, "per-node cap ignored"));
            maxPerNode = null;
        }
        b.placement(new Placement(constraints, spread, maxPerNode));

        SecurityPolicy s = spec.security();
        Long user = s.runAsUser(), group = s.runAsGroup();
        Boolean nonRoot = s.runAsNonRoot(), readOnly = s.readOnlyRootFilesystem();
        List<String> drop = s.dropCapabilities(), add = s.addCapabilities();
        if (missing.contains(Capability.RUN_AS_USER) && (user != null || group != null)) {
            out.add(new Downgrade("spec.security.runAsUser", Capability.RUN_AS_USER, "runs as the backend's default user"));
            user = null;
            group = null;
        }
        if (missing.contains(Capability.RUN_AS_NON_ROOT) && Boolean.TRUE.equals(nonRoot)) {
            out.add(new Downgrade("spec.security.runAsNonRoot", Capability.RUN_AS_NON_ROOT, "non-root not enforced"));
            nonRoot = null;
        }
        if (missing.contains(Capability.READ_ONLY_ROOT_FS) && Boolean.TRUE.equals(readOnly)) {
            out.add(new Downgrade("spec.security.readOnlyRootFilesystem", Capability.READ_ONLY_ROOT_FS, "root filesystem stays writable"));
            readOnly = null;
        }
        if (missing.contains(Capability.LINUX_CAPABILITIES) && (!drop.isEmpty() || !add.isEmpty())) {
            out.add(new Downgrade("spec.security.dropCapabilities", Capability.LINUX_CAPABILITIES, "Linux capabilities left as the backend's default"));
            drop = List.of();
            add = List.of();
        }
        b.security(new SecurityPolicy(user, group, nonRoot, readOnly, drop, add));

        RestartPolicy r = spec.restart();
        RestartCondition cond = r.policy();
        Integer maxAttempts = r.maxAttempts();
        if (missing.contains(Capability.RESTART_MAX_ATTEMPTS) && maxAttempts != null) {
            out.add(new Downgrade("spec.restart.maxAttempts", Capability.RESTART_MAX_ATTEMPTS, "restarts are not bounded"));
            maxAttempts = null;
        }
        if (cond == RestartCondition.ON_FAILURE && missing.contains(Capability.RESTART_ON_FAILURE)) {
            out.add(new Downgrade("spec.restart.policy", Capability.RESTART_ON_FAILURE, "restarts always, also after a clean exit"));
            cond = RestartCondition.ALWAYS;
        }
        b.restart(new RestartPolicy(cond, maxAttempts));
        return b.build();
    }

    private static Probe dropIfKindMissing(Probe p, String path, Set<Capability> missing, List<Downgrade> out) {
        if (p == null || p.kind() == null) return p;
        Capability kind = switch (p.kind()) {
            case HTTP -> Capability.PROBE_HTTP;
            case TCP -> Capability.PROBE_TCP;
            case EXEC -> Capability.PROBE_EXEC;
        };
        if (!missing.contains(kind)) return p;
        if (p.kind() == Probe.CheckKind.HTTP && !missing.contains(Capability.PROBE_TCP)) {
            out.add(new Downgrade(path + ".http", kind, "checked as a TCP connect to the same port instead of HTTP GET"));
            return new Probe(null, new io.drover.api.spec.TcpCheck(p.http().port()), null, p.initialDelaySeconds(),
                    p.periodSeconds(), p.timeoutSeconds(), p.failureThreshold(), p.successThreshold());
        }
        out.add(new Downgrade(path, kind, "probe dropped"));
        return null;
    }

    private static Capability exposeCapability(ExposeType type) {
        return switch (type) {
            case INTERNAL -> Capability.EXPOSE_INTERNAL;
            case NODE_PORT -> Capability.EXPOSE_NODE_PORT;
            case LOAD_BALANCER -> Capability.EXPOSE_LOAD_BALANCER;
            case NONE -> null;
        };
    }

    private static ExposeType nearestExpose(ExposeType type, Set<Capability> missing) {
        List<ExposeType> order = switch (type) {
            case LOAD_BALANCER -> List.of(ExposeType.NODE_PORT, ExposeType.INTERNAL);
            case NODE_PORT -> List.of(ExposeType.LOAD_BALANCER, ExposeType.INTERNAL);
            case INTERNAL -> List.of(ExposeType.NODE_PORT, ExposeType.LOAD_BALANCER);
            case NONE -> List.of();
        };
        for (ExposeType t : order) {
            if (!missing.contains(exposeCapability(t))) return t;
        }
        return ExposeType.NONE;
    }
}
