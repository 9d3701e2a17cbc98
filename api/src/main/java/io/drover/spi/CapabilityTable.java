package io.drover.spi;

import io.drover.api.Capability;
import io.drover.api.CapabilityUse;
import io.drover.api.Downgrade;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.Placement;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Probe.CheckKind;
import io.drover.api.spec.Probes;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ResourceAmounts;
import io.drover.api.spec.Resources;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.TcpCheck;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The one table of field &rarr; capability &rarr; downgrade: which spec fields need each
 * {@link Capability}, what lenient mode does when a backend lacks it, and an example spec that needs
 * it. {@link Capability#requiredBy}, {@link Downgrades#generic} and the TCK's capability specs are
 * views of it.
 *
 * <p>To add a capability, add its enum constant and one {@link CapabilityRow} here, at the place of
 * its first field in the spec (rows are in document order): its field paths, a function finding the
 * concrete paths in a spec, a downgrade (or null when there is no honest equivalent and the spec must
 * stay refused) and an example. A capability of an operation (rollback, logs, watch) has no fields,
 * no downgrade and no example. CapabilityTableTest fails until every constant has exactly one row
 * and each example needs its capability; then decide whether each backend lists it in its
 * {@code capabilities()}, which no backend does by default.
 *
 * <p>Uses are listed in document order: fields in the order the table first names them, list
 * elements by index, and when one path contains another, the earlier row first. Lenient-mode
 * downgrades run in row order, each on the result of the ones before (probe kinds are thus adapted
 * after whole probes are dropped, and separate probes are merged last).
 */
public final class CapabilityTable {
    private CapabilityTable() {}

    private static final String[] PROBES = {"spec.probes.readiness", "spec.probes.liveness", "spec.probes.startup"};
    private static final String[] PROBE_NAMES = {"readiness", "liveness", "startup"};

    private static final List<CapabilityRow> ROWS = List.of(
            new CapabilityRow(Capability.IMAGE_ENTRYPOINT, List.of("spec.command"),
                    s -> at(s.command().isEmpty(), "spec.command"),
                    null,
                    (b, base, health) -> b.image(base.image() == null ? "drover-test/web:1" : base.image()).command(List.of()).args(List.of())),
            new CapabilityRow(Capability.SECRETS_ENV, List.of("spec.secrets[*].env"),
                    s -> eachSecret(s, r -> r.env() != null, "env"),
                    null,
                    (b, base, health) -> b.secret(new SecretRef("tck-secret", "TCK_SECRET", null, "PATH", null))),
            new CapabilityRow(Capability.SECRETS_FILE, List.of("spec.secrets[*].path"),
                    s -> eachSecret(s, r -> r.path() != null, "path"),
                    null,
                    (b, base, health) -> b.secret(new SecretRef("tck-secret", null, "/run/secrets/tck", "PATH", null))),
            new CapabilityRow(Capability.SECRET_STORE, List.of("spec.secrets[*].name"),
                    s -> eachSecret(s, r -> !r.hasSource(), "name"),
                    null,
                    (b, base, health) -> b.secret(new SecretRef("tck-secret", "TCK_SECRET", null, null, null))),
            new CapabilityRow(Capability.UDP, List.of("spec.ports[*].protocol"),
                    s -> eachPort(s, p -> p.protocol() == Protocol.UDP, "protocol"),
                    null,
                    (b, base, health) -> b.port(PortSpec.udp("tck-udp", 5353))),
            new CapabilityRow(Capability.HOST_PORT, List.of("spec.ports[*].hostPort"),
                    s -> eachPort(s, p -> p.hostPort() != null, "hostPort"),
                    CapabilityTable::chooseHostPorts,
                    (b, base, health) -> {
                        List<PortSpec> ports = new ArrayList<>(base.ports());
                        ports.set(0, ports.get(0).withHostPort(18080));
                        b.ports(ports).replicas(1);
                    }),
            exposeRow(Capability.EXPOSE_INTERNAL, ExposeType.INTERNAL),
            exposeRow(Capability.EXPOSE_NODE_PORT, ExposeType.NODE_PORT),
            exposeRow(Capability.EXPOSE_LOAD_BALANCER, ExposeType.LOAD_BALANCER),
            new CapabilityRow(Capability.RESOURCE_REQUESTS, List.of("spec.resources.requests"),
                    s -> at(!s.resources().requests().isEmpty(), "spec.resources.requests"),
                    clear("spec.resources.requests", "requests ignored", s -> !s.resources().requests().isEmpty(),
                            s -> s.toBuilder().resources(new Resources(ResourceAmounts.NONE, s.resources().limits())).build()),
                    (b, base, health) -> b.requests("100m", "64Mi")),
            new CapabilityRow(Capability.RESOURCE_LIMITS, List.of("spec.resources.limits"),
                    s -> at(!s.resources().limits().isEmpty(), "spec.resources.limits"),
                    clear("spec.resources.limits", "limits ignored: instances are not capped", s -> !s.resources().limits().isEmpty(),
                            s -> s.toBuilder().resources(new Resources(s.resources().requests(), ResourceAmounts.NONE)).build()),
                    (b, base, health) -> b.limits("500m", "128Mi")),
            probeRow(Capability.READINESS_PROBE, 0, (b, base, health) -> b.readiness(Probe.tcp("http"))),
            probeRow(Capability.LIVENESS_PROBE, 1, (b, base, health) -> b.liveness(Probe.tcp("http"))),
            probeRow(Capability.STARTUP_PROBE, 2, (b, base, health) -> b.startup(Probe.tcp("http"))),
            kindRow(Capability.PROBE_HTTP, CheckKind.HTTP, "http", (b, base, health) -> b.readiness(Probe.http(health, "http"))),
            kindRow(Capability.PROBE_TCP, CheckKind.TCP, "tcp", (b, base, health) -> b.readiness(Probe.tcp("http"))),
            kindRow(Capability.PROBE_EXEC, CheckKind.EXEC, "exec", (b, base, health) -> b.readiness(Probe.exec("true"))),
            new CapabilityRow(Capability.SEPARATE_PROBES, List.of("spec.probes"),
                    s -> at(probeCount(s) > 1, "spec.probes"),
                    CapabilityTable::keepOneProbe,
                    (b, base, health) -> b.readiness(Probe.tcp("http")).liveness(Probe.tcp("http"))),
            new CapabilityRow(Capability.UPDATE_START_FIRST, List.of("spec.update.order"),
                    s -> at(s.update().order() == UpdateOrder.START_FIRST, "spec.update.order"),
                    (s, missing, rec) -> {
                        if (s.update().order() != UpdateOrder.START_FIRST || missing.contains(Capability.UPDATE_STOP_FIRST)) return s;
                        rec.record("spec.update.order", "stop-first update instead");
                        return withUpdate(s, UpdateOrder.STOP_FIRST, s.update().failureAction());
                    },
                    (b, base, health) -> b.update(new UpdatePolicy(null, UpdateOrder.START_FIRST, null, null, null))),
            new CapabilityRow(Capability.UPDATE_STOP_FIRST, List.of("spec.update.order"),
                    s -> at(s.update().order() != UpdateOrder.START_FIRST, "spec.update.order"),
                    (s, missing, rec) -> {
                        if (s.update().order() != UpdateOrder.STOP_FIRST || missing.contains(Capability.UPDATE_START_FIRST)) return s;
                        rec.record("spec.update.order", "start-first update instead");
                        return withUpdate(s, UpdateOrder.START_FIRST, s.update().failureAction());
                    },
                    (b, base, health) -> b.update(new UpdatePolicy(null, UpdateOrder.STOP_FIRST, null, null, null))),
            new CapabilityRow(Capability.AUTO_ROLLBACK, List.of("spec.update.failureAction"),
                    s -> at(s.update().failureAction() == FailureAction.ROLLBACK, "spec.update.failureAction"),
                    clear("spec.update.failureAction", "a failed update pauses instead of rolling back",
                            s -> s.update().failureAction() == FailureAction.ROLLBACK, s -> withUpdate(s, s.update().order(), FailureAction.PAUSE)),
                    (b, base, health) -> b.update(new UpdatePolicy(null, null, FailureAction.ROLLBACK, null, null))),
            new CapabilityRow(Capability.PLACEMENT_CONSTRAINTS, List.of("spec.placement.constraints"),
                    s -> at(!s.placement().constraints().isEmpty(), "spec.placement.constraints"),
                    clear("spec.placement.constraints", "constraints ignored: instances may run anywhere", s -> !s.placement().constraints().isEmpty(),
                            s -> withPlacement(s, p -> new Placement(List.of(), p.spread(), p.maxPerNode()))),
                    (b, base, health) -> b.placement(new Placement(List.of("node.role == manager"), null, null))),
            new CapabilityRow(Capability.PLACEMENT_SPREAD, List.of("spec.placement.spread"),
                    s -> at(s.placement().spread() != null, "spec.placement.spread"),
                    clear("spec.placement.spread", "spread ignored", s -> s.placement().spread() != null,
                            s -> withPlacement(s, p -> new Placement(p.constraints(), null, p.maxPerNode()))),
                    (b, base, health) -> b.placement(new Placement(null, "node.hostname", null))),
            new CapabilityRow(Capability.MAX_PER_NODE, List.of("spec.placement.maxPerNode"),
                    s -> at(s.placement().maxPerNode() != null, "spec.placement.maxPerNode"),
                    clear("spec.placement.maxPerNode", "per-node cap ignored", s -> s.placement().maxPerNode() != null,
                            s -> withPlacement(s, p -> new Placement(p.constraints(), p.spread(), null))),
                    (b, base, health) -> b.placement(new Placement(null, null, 2))),
            new CapabilityRow(Capability.RUN_AS_USER, List.of("spec.security.runAsUser", "spec.security.runAsGroup"),
                    s -> join(at(s.security().runAsUser() != null, "spec.security.runAsUser"),
                            at(s.security().runAsGroup() != null, "spec.security.runAsGroup")),
                    clear("spec.security.runAsUser", "runs as the backend's default user",
                            s -> s.security().runAsUser() != null || s.security().runAsGroup() != null,
                            s -> withSecurity(s, x -> new SecurityPolicy(null, null, x.runAsNonRoot(), x.readOnlyRootFilesystem(),
                                    x.dropCapabilities(), x.addCapabilities()))),
                    (b, base, health) -> b.security(new SecurityPolicy(1000L, null, null, null, null, null))),
            new CapabilityRow(Capability.RUN_AS_NON_ROOT, List.of("spec.security.runAsNonRoot"),
                    s -> at(Boolean.TRUE.equals(s.security().runAsNonRoot()), "spec.security.runAsNonRoot"),
                    clear("spec.security.runAsNonRoot", "non-root not enforced", s -> Boolean.TRUE.equals(s.security().runAsNonRoot()),
                            s -> withSecurity(s, x -> new SecurityPolicy(x.runAsUser(), x.runAsGroup(), null, x.readOnlyRootFilesystem(),
                                    x.dropCapabilities(), x.addCapabilities()))),
                    (b, base, health) -> b.security(new SecurityPolicy(null, null, true, null, null, null))),
            new CapabilityRow(Capability.READ_ONLY_ROOT_FS, List.of("spec.security.readOnlyRootFilesystem"),
                    s -> at(Boolean.TRUE.equals(s.security().readOnlyRootFilesystem()), "spec.security.readOnlyRootFilesystem"),
                    clear("spec.security.readOnlyRootFilesystem", "root filesystem stays writable",
                            s -> Boolean.TRUE.equals(s.security().readOnlyRootFilesystem()),
                            s -> withSecurity(s, x -> new SecurityPolicy(x.runAsUser(), x.runAsGroup(), x.runAsNonRoot(), null,
                                    x.dropCapabilities(), x.addCapabilities()))),
                    (b, base, health) -> b.security(new SecurityPolicy(null, null, null, true, null, null))),
            new CapabilityRow(Capability.LINUX_CAPABILITIES, List.of("spec.security.dropCapabilities", "spec.security.addCapabilities"),
                    s -> join(at(!s.security().dropCapabilities().isEmpty(), "spec.security.dropCapabilities"),
                            at(!s.security().addCapabilities().isEmpty(), "spec.security.addCapabilities")),
                    clear("spec.security.dropCapabilities", "Linux capabilities left as the backend's default",
                            s -> !s.security().dropCapabilities().isEmpty() || !s.security().addCapabilities().isEmpty(),
                            s -> withSecurity(s, x -> new SecurityPolicy(x.runAsUser(), x.runAsGroup(), x.runAsNonRoot(),
                                    x.readOnlyRootFilesystem(), List.of(), List.of()))),
                    (b, base, health) -> b.security(new SecurityPolicy(null, null, null, null, List.of("ALL"), null))),
            new CapabilityRow(Capability.RESTART_ON_FAILURE, List.of("spec.restart.policy"),
                    s -> at(s.restart().policy() == RestartCondition.ON_FAILURE, "spec.restart.policy"),
                    clear("spec.restart.policy", "restarts always, also after a clean exit", s -> s.restart().policy() == RestartCondition.ON_FAILURE,
                            s -> s.toBuilder().restart(new RestartPolicy(RestartCondition.ALWAYS, s.restart().maxAttempts())).build()),
                    (b, base, health) -> b.restart(RestartCondition.ON_FAILURE)),
            new CapabilityRow(Capability.RESTART_NEVER, List.of("spec.restart.policy"),
                    s -> at(s.restart().policy() == RestartCondition.NEVER, "spec.restart.policy"),
                    null,
                    (b, base, health) -> b.restart(RestartCondition.NEVER)),
            new CapabilityRow(Capability.RESTART_MAX_ATTEMPTS, List.of("spec.restart.maxAttempts"),
                    s -> at(s.restart().maxAttempts() != null, "spec.restart.maxAttempts"),
                    clear("spec.restart.maxAttempts", "restarts are not bounded", s -> s.restart().maxAttempts() != null,
                            s -> s.toBuilder().restart(new RestartPolicy(s.restart().policy(), null)).build()),
                    (b, base, health) -> b.restart(new RestartPolicy(RestartCondition.ALWAYS, 3))),
            operation(Capability.MANUAL_ROLLBACK),
            operation(Capability.LOGS),
            operation(Capability.WATCH));

    private static final Map<Capability, CapabilityRow> BY_CAPABILITY = new EnumMap<>(Capability.class);
    private static final Map<String, Integer> FIELD_RANK = new HashMap<>();

    static {
        for (CapabilityRow row : ROWS) {
            BY_CAPABILITY.putIfAbsent(row.capability(), row);
            for (String field : row.fields()) {
                for (String segment : field.split("\\.")) FIELD_RANK.putIfAbsent(name(segment), FIELD_RANK.size());
            }
        }
    }

    /** Every row, in document order of the fields. */
    public static List<CapabilityRow> rows() { return ROWS; }

    /** The row of {@code capability}. */
    public static CapabilityRow row(Capability capability) {
        CapabilityRow row = BY_CAPABILITY.get(capability);
        if (row == null) throw new IllegalStateException("no row for capability " + capability.id());
        return row;
    }

    /** Every capability the spec needs, each with the path of the field that needs it, in document order. */
    public static List<CapabilityUse> requiredBy(ServiceSpec spec) {
        List<Found> found = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) {
            for (String path : ROWS.get(i).uses().paths(spec)) found.add(new Found(i, path, path.split("\\.")));
        }
        found.sort(DOCUMENT_ORDER);
        return found.stream().map(f -> new CapabilityUse(ROWS.get(f.row).capability(), f.path)).toList();
    }

    /** Runs the downgrade of every row whose capability is in {@code missing}, in row order, recording each in {@code out}. */
    public static ServiceSpec downgrade(ServiceSpec spec, Set<Capability> missing, List<Downgrade> out) {
        ServiceSpec result = spec;
        for (CapabilityRow row : ROWS) {
            if (!row.hasDowngrade() || !missing.contains(row.capability())) continue;
            result = row.downgrade().apply(result, missing, (path, action) -> out.add(new Downgrade(path, row.capability(), action)));
        }
        return result;
    }

    /**
     * The row's example: {@code base} changed so that it needs {@code capability} (and possibly
     * others), or empty for capabilities of operations.
     *
     * @param base a valid spec whose first port is a TCP port named {@code http}
     * @param healthPath an HTTP path for probes
     */
    public static Optional<ServiceSpec> example(Capability capability, ServiceSpec base, String healthPath) {
        CapabilityRow row = row(capability);
        if (row.isOperation()) return Optional.empty();
        ServiceSpec.Builder b = base.toBuilder();
        row.example().change(b, base, healthPath);
        return Optional.of(b.build());
    }

    // ------------------------------------------------------------------ row kinds

    private static CapabilityRow operation(Capability capability) {
        return new CapabilityRow(capability, List.of(), s -> List.of(), null, null);
    }

    private static CapabilityRow exposeRow(Capability capability, ExposeType type) {
        return new CapabilityRow(capability, List.of("spec.expose.type"),
                s -> at(s.exposeOrNone().type() == type, "spec.expose.type"),
                (s, missing, rec) -> {
                    if (s.exposeOrNone().type() != type) return s;
                    ExposeType nearer = nearestExpose(type, missing);
                    rec.record("spec.expose.type", nearer == ExposeType.NONE
                            ? "exposure dropped: no exposure type is available" : "exposed as " + nearer + " instead of " + type);
                    return s.toBuilder().expose(new ExposeSpec(nearer, nearer == ExposeType.NONE ? List.of() : s.exposeOrNone().ports())).build();
                },
                (b, base, health) -> b.expose(ExposeSpec.of(type, ExposedPort.of(8080, "http"))));
    }

    private static CapabilityRow probeRow(Capability capability, int slot, CapabilityRow.Example example) {
        return new CapabilityRow(capability, List.of(PROBES[slot]),
                s -> at(probe(s, slot) != null, PROBES[slot]),
                clear(PROBES[slot], PROBE_NAMES[slot] + " probe dropped", s -> probe(s, slot) != null, s -> withProbe(s, slot, null)),
                example);
    }

    /** A probe of this kind is checked as TCP when it is HTTP and TCP is available, else dropped. */
    private static CapabilityRow kindRow(Capability capability, CheckKind kind, String field, CapabilityRow.Example example) {
        List<String> fields = List.of(PROBES[0] + "." + field, PROBES[1] + "." + field, PROBES[2] + "." + field);
        return new CapabilityRow(capability, fields,
                s -> {
                    List<String> paths = new ArrayList<>();
                    for (int i = 0; i < PROBES.length; i++) if (kindOf(probe(s, i)) == kind) paths.add(fields.get(i));
                    return paths;
                },
                (s, missing, rec) -> {
                    ServiceSpec result = s;
                    for (int i = 0; i < PROBES.length; i++) {
                        Probe p = probe(result, i);
                        if (kindOf(p) != kind) continue;
                        if (kind == CheckKind.HTTP && !missing.contains(Capability.PROBE_TCP)) {
                            rec.record(fields.get(i), "checked as a TCP connect to the same port instead of HTTP GET");
                            result = withProbe(result, i, new Probe(null, new TcpCheck(p.http().port()), null, p.initialDelaySeconds(),
                                    p.periodSeconds(), p.timeoutSeconds(), p.failureThreshold(), p.successThreshold()));
                        } else {
                            rec.record(PROBES[i], "probe dropped");
                            result = withProbe(result, i, null);
                        }
                    }
                    return result;
                },
                example);
    }

    // ------------------------------------------------------------------ downgrades that need more than a line

    private static CapabilityRow.Step clear(String path, String action, Predicate<ServiceSpec> used, UnaryOperator<ServiceSpec> cleared) {
        return (s, missing, rec) -> {
            if (!used.test(s)) return s;
            rec.record(path, action);
            return cleared.apply(s);
        };
    }

    private static ServiceSpec chooseHostPorts(ServiceSpec s, Set<Capability> missing, CapabilityRow.Recorder rec) {
        List<PortSpec> ports = new ArrayList<>();
        for (int i = 0; i < s.ports().size(); i++) {
            PortSpec p = s.ports().get(i);
            if (p.hostPort() != null) rec.record("spec.ports[" + i + "].hostPort", "host port chosen by the backend instead");
            ports.add(p.hostPort() == null ? p : new PortSpec(p.name(), p.containerPort(), p.protocol(), null));
        }
        return s.toBuilder().ports(ports).build();
    }

    /** Keeps one health check: readiness if there is one (liveness and startup go), else liveness (startup goes). */
    private static ServiceSpec keepOneProbe(ServiceSpec s, Set<Capability> missing, CapabilityRow.Recorder rec) {
        if (probeCount(s) < 2) return s;
        Probes probes = s.probes();
        if (probes.readiness() != null) {
            if (probes.liveness() != null) rec.record(PROBES[1], "liveness dropped: the readiness probe is the single health check");
            if (probes.startup() != null) rec.record(PROBES[2], "startup dropped: the readiness probe is the single health check");
            return s.toBuilder().probes(new Probes(probes.readiness(), null, null)).build();
        }
        rec.record(PROBES[2], "startup dropped: the liveness probe is the single health check");
        return s.toBuilder().probes(new Probes(null, probes.liveness(), null)).build();
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

    // ------------------------------------------------------------------ small helpers

    private static List<String> at(boolean used, String path) { return used ? List.of(path) : List.of(); }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> eachSecret(ServiceSpec s, Predicate<SecretRef> used, String field) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < s.secrets().size(); i++) if (used.test(s.secrets().get(i))) paths.add("spec.secrets[" + i + "]." + field);
        return paths;
    }

    private static List<String> eachPort(ServiceSpec s, Predicate<PortSpec> used, String field) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < s.ports().size(); i++) if (used.test(s.ports().get(i))) paths.add("spec.ports[" + i + "]." + field);
        return paths;
    }

    private static Probe probe(ServiceSpec s, int slot) {
        return switch (slot) {
            case 0 -> s.probes().readiness();
            case 1 -> s.probes().liveness();
            default -> s.probes().startup();
        };
    }

    private static ServiceSpec withProbe(ServiceSpec s, int slot, Probe p) {
        Probes probes = s.probes();
        return s.toBuilder().probes(switch (slot) {
            case 0 -> new Probes(p, probes.liveness(), probes.startup());
            case 1 -> new Probes(probes.readiness(), p, probes.startup());
            default -> new Probes(probes.readiness(), probes.liveness(), p);
        }).build();
    }

    private static CheckKind kindOf(Probe p) { return p == null ? null : p.kind(); }

    private static int probeCount(ServiceSpec s) {
        int count = 0;
        for (int i = 0; i < PROBES.length; i++) if (probe(s, i) != null) count++;
        return count;
    }

    private static ServiceSpec withUpdate(ServiceSpec s, UpdateOrder order, FailureAction action) {
        UpdatePolicy u = s.update();
        return s.toBuilder().update(new UpdatePolicy(u.parallelism(), order, action, u.monitorSeconds(), u.delaySeconds())).build();
    }

    private static ServiceSpec withPlacement(ServiceSpec s, UnaryOperator<Placement> change) {
        return s.toBuilder().placement(change.apply(s.placement())).build();
    }

    private static ServiceSpec withSecurity(ServiceSpec s, UnaryOperator<SecurityPolicy> change) {
        return s.toBuilder().security(change.apply(s.security())).build();
    }

    // ------------------------------------------------------------------ document order

    private record Found(int row, String path, String[] segments) {}

    private static final Comparator<Found> DOCUMENT_ORDER = (a, b) -> {
        int common = Math.min(a.segments.length, b.segments.length);
        for (int k = 0; k < common; k++) {
            int c = Integer.compare(rank(a.segments[k]), rank(b.segments[k]));
            if (c == 0) c = Integer.compare(index(a.segments[k]), index(b.segments[k]));
            if (c != 0) return c;
        }
        int c = Integer.compare(a.row, b.row);
        return c != 0 ? c : Integer.compare(a.segments.length, b.segments.length);
    };

    private static String name(String segment) {
        int bracket = segment.indexOf('[');
        return bracket < 0 ? segment : segment.substring(0, bracket);
    }

    private static int rank(String segment) { return FIELD_RANK.getOrDefault(name(segment), Integer.MAX_VALUE); }

    private static int index(String segment) {
        int bracket = segment.indexOf('[');
        if (bracket < 0 || segment.charAt(bracket + 1) == '*') return -1;
        return Integer.parseInt(segment, bracket + 1, segment.length() - 1, 10);
    }
}
