package io.drover.backend.nomad;

import static io.drover.backend.nomad.NomadJson.NANOS;
import static io.drover.backend.nomad.NomadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.NomadExtension;
import io.drover.api.spec.Placement;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Quantity;
import io.drover.api.spec.ResourceAmounts;
import io.drover.api.spec.Resources;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The group- and task-level policies both ways, in the field names of Nomad's JSON job specification:
 * <ul>
 *   <li><b>Resources.</b> {@code CPU} in MHz at {@value #MHZ_PER_CORE} MHz per core (so 250m is 250
 *       MHz) from requests.cpu (else limits.cpu); a CPU limit sets the docker driver's
 *       {@code cpu_hard_limit}, which caps the task at its {@code CPU}, so request and limit must then
 *       be equal. {@code MemoryMB} (Nomad's MB are MiB, rounded up) from requests.memory (else
 *       limits.memory), {@code MemoryMaxMB} from limits.memory.</li>
 *   <li><b>Restarts.</b> Unbounded: {@code RestartPolicy} mode {@code delay} (2 attempts per 30 min,
 *       15 s apart, then wait) and an unlimited {@code ReschedulePolicy}. {@code maxAttempts: n}:
 *       {@code Attempts: n}, mode {@code fail} and no rescheduling. {@code never}: no attempts, mode
 *       {@code fail}, no rescheduling.</li>
 *   <li><b>Updates.</b> {@code MaxParallel} = parallelism, {@code HealthCheck: "checks"},
 *       {@code MinHealthyTime} = monitorSeconds, {@code HealthyDeadline} = max(5 min, monitor + 1
 *       min), {@code ProgressDeadline} = healthy deadline + 5 min, {@code AutoRevert} for
 *       failureAction rollback. Start-first becomes canaries ({@code Canary} = the nomad extension's
 *       canary, else parallelism) with {@code AutoPromote}, so new allocations run and turn healthy
 *       before old ones stop; stop-first has no canaries. Pause and continue both leave a failed
 *       deployment where it stopped (Nomad cannot carry on past unhealthy allocations).</li>
 *   <li><b>Placement.</b> Each constraint is a group {@code Constraint}: {@code node.id},
 *       {@code node.hostname}, {@code node.platform.os}, {@code node.platform.arch} and
 *       {@code node.labels.<k>} become {@code ${node.unique.id}}, {@code ${attr.unique.hostname}},
 *       {@code ${attr.kernel.name}}, {@code ${attr.cpu.arch}} and {@code ${meta.<k>}}; {@code ==} is
 *       {@code =}. spread is a {@code Spread} on that attribute; maxPerNode 1 is
 *       {@code distinct_hosts}, n &gt; 1 is {@code distinct_property} of {@code ${node.unique.id}}.</li>
 *   <li><b>Security.</b> {@code User} {@code uid[:gid]}; docker {@code readonly_rootfs},
 *       {@code cap_drop} and {@code cap_add} (the client's {@code allow_caps} must allow added ones).</li>
 * </ul>
 */
final class NomadPolicies {
    /** The documented CPU factor: one core is 1000 MHz, so one millicore is one MHz. */
    static final int MHZ_PER_CORE = 1000;
    private static final long MIB = 1024L * 1024L;
    /** A placement constraint: attribute, operator, value. */
    static final Pattern CONSTRAINT = Pattern.compile("^\\s*(\\S+)\\s*(==|!=)\\s*(\\S.*?)\\s*$");
    private static final long RESTART_INTERVAL = 1800 * NANOS;
    private static final long RESTART_DELAY = 15 * NANOS;

    private NomadPolicies() {}

    // ---- resources

    static ObjectNode resources(Resources r, ObjectNode config, ObjectNode hints) {
        if (r.isEmpty()) return null;
        ObjectNode out = NomadJson.object();
        ArrayNode unset = NomadJson.array();
        Quantity cpu = r.requests().cpu() != null ? r.requests().cpu() : r.limits().cpu();
        if (cpu != null) out.put("CPU", Math.max(1, cpu.toMilli() * MHZ_PER_CORE / 1000));
        if (r.requests().cpu() == null && r.limits().cpu() != null) unset.add("cpu");
        if (r.limits().cpu() != null) config.put("cpu_hard_limit", true);
        Quantity mem = r.requests().memory() != null ? r.requests().memory() : r.limits().memory();
        if (mem != null) out.put("MemoryMB", mebibytes(mem));
        if (r.limits().memory() != null) out.put("MemoryMaxMB", mebibytes(r.limits().memory()));
        if (r.requests().memory() == null && r.limits().memory() != null) unset.add("memory");
        if (!unset.isEmpty()) hints.set("unsetRequests", unset);
        return out;
    }

    static Resources fromResources(JsonNode res, JsonNode config, JsonNode hints) {
        List<String> unset = NomadJson.strings(hints.path("unsetRequests"));
        Quantity cpu = res.has("CPU") ? Quantity.parse(res.get("CPU").asLong() * 1000 / MHZ_PER_CORE + "m") : null;
        Quantity mem = res.has("MemoryMB") ? Quantity.parse(res.get("MemoryMB").asLong() + "Mi") : null;
        Quantity memMax = res.has("MemoryMaxMB") && res.get("MemoryMaxMB").asLong() > 0 ? Quantity.parse(res.get("MemoryMaxMB").asLong() + "Mi") : null;
        boolean hard = config.path("cpu_hard_limit").asBoolean(false);
        ResourceAmounts requests = new ResourceAmounts(unset.contains("cpu") ? null : cpu, unset.contains("memory") ? null : mem);
        ResourceAmounts limits = new ResourceAmounts(hard ? cpu : null, memMax);
        return new Resources(requests, limits);
    }

    private static long mebibytes(Quantity q) {
        return new BigDecimal(q.toUnits()).divide(BigDecimal.valueOf(MIB), 0, RoundingMode.CEILING).longValueExact();
    }

    // ---- restarts

    static void restart(RestartPolicy r, ObjectNode group) {
        ObjectNode restart = group.putObject("RestartPolicy");
        ObjectNode reschedule = group.putObject("ReschedulePolicy");
        boolean bounded = r.policy() == RestartCondition.NEVER || r.maxAttempts() != null;
        restart.put("Attempts", r.policy() == RestartCondition.NEVER ? 0 : r.maxAttempts() != null ? r.maxAttempts() : 2);
        restart.put("Interval", RESTART_INTERVAL);
        restart.put("Delay", RESTART_DELAY);
        restart.put("Mode", bounded ? "fail" : "delay");
        if (bounded) {
            reschedule.put("Attempts", 0);
            reschedule.put("Unlimited", false);
        } else {
            // the values of Nomad's default service reschedule policy, as the jobs API shows them
            reschedule.put("Delay", 30 * NANOS);
            reschedule.put("DelayFunction", "exponential");
            reschedule.put("MaxDelay", 3600 * NANOS);
            reschedule.put("Unlimited", true);
        }
    }

    static RestartPolicy fromRestart(JsonNode restart, JsonNode reschedule) {
        if (!"fail".equals(text(restart, "Mode"))) return RestartPolicy.DEFAULT;
        int attempts = restart.path("Attempts").asInt(0);
        if (attempts == 0) return new RestartPolicy(RestartCondition.NEVER, null);
        return new RestartPolicy(RestartCondition.ALWAYS, attempts);
    }

    // ---- updates

    static ObjectNode update(ServiceSpec spec, ObjectNode hints) {
        UpdatePolicy u = spec.update();
        ObjectNode out = NomadJson.object();
        out.put("MaxParallel", u.parallelism());
        out.put("HealthCheck", "checks");
        long monitor = u.monitorSeconds() * NANOS;
        long healthy = Math.max(300 * NANOS, monitor + 60 * NANOS);
        out.put("MinHealthyTime", monitor);
        out.put("HealthyDeadline", healthy);
        out.put("ProgressDeadline", healthy + 300 * NANOS);
        out.put("AutoRevert", u.failureAction() == FailureAction.ROLLBACK);
        NomadExtension ext = spec.extensions().nomad();
        int canary = ext != null && ext.canary() != null ? ext.canary() : u.order() == UpdateOrder.START_FIRST ? u.parallelism() : 0;
        out.put("Canary", canary);
        out.put("AutoPromote", canary > 0);
        if (u.delaySeconds() != 0) hints.put("delaySeconds", u.delaySeconds());
        if (u.failureAction() == FailureAction.CONTINUE) hints.put("failureAction", "continue");
        return out;
    }

    static UpdatePolicy fromUpdate(JsonNode u, JsonNode hints) {
        if (!u.isObject()) return UpdatePolicy.DEFAULT;
        FailureAction action = u.path("AutoRevert").asBoolean(false) ? FailureAction.ROLLBACK
                : "continue".equals(text(hints, "failureAction")) ? FailureAction.CONTINUE : FailureAction.PAUSE;
        Integer parallelism = u.has("MaxParallel") ? u.get("MaxParallel").asInt() : null;
        UpdateOrder order = u.path("Canary").asInt(0) > 0 ? UpdateOrder.START_FIRST : UpdateOrder.STOP_FIRST;
        Integer delay = hints.has("delaySeconds") ? hints.get("delaySeconds").asInt() : null;
        return new UpdatePolicy(parallelism, order, action, NomadJson.seconds(u, "MinHealthyTime"), delay);
    }

    /** The nomad extension's canary a job's update implies: set only when it differs from the start-first default. */
    static Integer extensionCanary(JsonNode u, UpdatePolicy neutral) {
        int canary = u.path("Canary").asInt(0);
        return canary > 0 && canary != neutral.parallelism() ? canary : null;
    }

    // ---- placement

    static void placement(Placement p, ObjectNode group) {
        ArrayNode constraints = NomadJson.array();
        for (String c : p.constraints()) {
            Matcher m = CONSTRAINT.matcher(c);
            String target = m.matches() ? attribute(m.group(1)) : null;
            if (target == null) continue; // NomadSpecRules or the neutral rules report it
            ObjectNode n = constraints.addObject();
            n.put("LTarget", target);
            n.put("RTarget", m.group(3));
            n.put("Operand", m.group(2).equals("==") ? "=" : "!=");
        }
        if (p.maxPerNode() != null) {
            ObjectNode n = constraints.addObject();
            if (p.maxPerNode() == 1) {
                n.put("Operand", "distinct_hosts");
            } else {
                n.put("LTarget", "${node.unique.id}");
                n.put("RTarget", Integer.toString(p.maxPerNode()));
                n.put("Operand", "distinct_property");
            }
        }
        if (!constraints.isEmpty()) group.set("Constraints", constraints);
        String spread = p.spread() == null ? null : attribute(p.spread());
        if (spread != null) {
            ObjectNode s = group.putArray("Spreads").addObject();
            s.put("Attribute", spread);
            s.put("Weight", 100);
        }
    }

    static Placement fromPlacement(JsonNode group) {
        List<String> constraints = new ArrayList<>();
        Integer maxPerNode = null;
        for (JsonNode c : group.path("Constraints")) {
            String operand = text(c, "Operand");
            if ("distinct_hosts".equals(operand)) {
                maxPerNode = 1;
            } else if ("distinct_property".equals(operand) && "${node.unique.id}".equals(text(c, "LTarget"))) {
                maxPerNode = text(c, "RTarget") == null ? 1 : Integer.parseInt(text(c, "RTarget"));
            } else if ("=".equals(operand) || "==".equals(operand) || "!=".equals(operand)) {
                String attr = neutralAttribute(text(c, "LTarget"));
                if (attr != null) constraints.add(attr + (operand.equals("!=") ? " != " : " == ") + text(c, "RTarget"));
            }
        }
        String spread = null;
        for (JsonNode s : group.path("Spreads")) {
            spread = neutralAttribute(text(s, "Attribute"));
            if (spread != null) break;
        }
        return new Placement(constraints, spread, maxPerNode);
    }

    /** Nomad's interpolated attribute for a neutral node attribute, or null when Nomad has none. */
    static String attribute(String neutral) {
        return switch (neutral) {
            case "node.id" -> "${node.unique.id}";
            case "node.hostname" -> "${attr.unique.hostname}";
            case "node.platform.os" -> "${attr.kernel.name}";
            case "node.platform.arch" -> "${attr.cpu.arch}";
            default -> neutral.startsWith("node.labels.") && neutral.length() > "node.labels.".length()
                    ? "${meta." + neutral.substring("node.labels.".length()) + "}" : null;
        };
    }

    private static String neutralAttribute(String nomad) {
        if (nomad == null) return null;
        return switch (nomad) {
            case "${node.unique.id}" -> "node.id";
            case "${attr.unique.hostname}" -> "node.hostname";
            case "${attr.kernel.name}" -> "node.platform.os";
            case "${attr.cpu.arch}" -> "node.platform.arch";
            default -> nomad.startsWith("${meta.") && nomad.endsWith("}") ? "node.labels." + nomad.substring(7, nomad.length() - 1) : null;
        };
    }

    // ---- security

    static String user(SecurityPolicy s) {
        if (s.runAsUser() == null) return null;
        return s.runAsUser() + (s.runAsGroup() == null ? "" : ":" + s.runAsGroup());
    }

    static void security(SecurityPolicy s, ObjectNode config) {
        if (Boolean.TRUE.equals(s.readOnlyRootFilesystem())) config.put("readonly_rootfs", true);
        if (!s.dropCapabilities().isEmpty()) NomadTranslator.putStrings(config, "cap_drop", s.dropCapabilities().stream().map(NomadPolicies::nomadCap).toList());
        if (!s.addCapabilities().isEmpty()) NomadTranslator.putStrings(config, "cap_add", s.addCapabilities().stream().map(NomadPolicies::nomadCap).toList());
    }

    static SecurityPolicy fromSecurity(String user, JsonNode config) {
        Long uid = null;
        Long gid = null;
        if (user != null) {
            String[] parts = user.split(":", 2);
            uid = parseId(parts[0]);
            gid = parts.length > 1 ? parseId(parts[1]) : null;
        }
        Boolean readOnly = config.path("readonly_rootfs").asBoolean(false) ? Boolean.TRUE : null;
        return new SecurityPolicy(uid, gid, null, readOnly,
                NomadJson.strings(config.path("cap_drop")).stream().map(c -> c.toUpperCase(Locale.ROOT)).toList(),
                NomadJson.strings(config.path("cap_add")).stream().map(c -> c.toUpperCase(Locale.ROOT)).toList());
    }

    private static String nomadCap(String neutral) {
        String c = neutral.toLowerCase(Locale.ROOT);
        return c.startsWith("cap_") ? c.substring(4) : c;
    }

    private static Long parseId(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- exposure

    static ObjectNode exposeJson(ExposeSpec e) {
        ObjectNode out = NomadJson.object();
        out.put("type", switch (e.type()) {
            case NONE -> "none";
            case INTERNAL -> "internal";
            case NODE_PORT -> "nodePort";
            case LOAD_BALANCER -> "loadBalancer";
        });
        ArrayNode ports = out.putArray("ports");
        for (ExposedPort p : e.ports()) {
            ObjectNode n = ports.addObject();
            n.put("port", p.port());
            n.put("targetPort", p.targetPort());
            if (p.nodePort() != null) n.put("nodePort", p.nodePort());
        }
        return out;
    }

    static ExposeSpec readExpose(JsonNode n) {
        if (!n.isObject()) return ExposeSpec.NONE;
        ExposeType type = switch (String.valueOf(text(n, "type"))) {
            case "internal" -> ExposeType.INTERNAL;
            case "nodePort" -> ExposeType.NODE_PORT;
            case "loadBalancer" -> ExposeType.LOAD_BALANCER;
            default -> ExposeType.NONE;
        };
        List<ExposedPort> ports = new ArrayList<>();
        for (JsonNode p : n.path("ports")) {
            ports.add(new ExposedPort(p.path("port").asInt(), text(p, "targetPort"), p.hasNonNull("nodePort") ? p.get("nodePort").asInt() : null));
        }
        return new ExposeSpec(type, ports);
    }

    /** The node port a nodePort exposure pins for the declared port {@code p}, or null. */
    static Integer exposedNodePort(ServiceSpec spec, PortSpec p) {
        if (spec.exposeOrNone().type() != ExposeType.NODE_PORT) return null;
        for (ExposedPort e : spec.exposeOrNone().ports()) {
            if (e.nodePort() != null && p.name().equals(NomadChecks.label(spec, e.targetPort()))) return e.nodePort();
        }
        return null;
    }
}
