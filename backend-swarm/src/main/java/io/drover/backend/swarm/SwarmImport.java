package io.drover.backend.swarm;

import static io.drover.backend.swarm.SwarmTranslator.EXPOSE_LABEL;
import static io.drover.backend.swarm.SwarmTranslator.HEALTH_CHECK_LABEL;
import static io.drover.backend.swarm.SwarmTranslator.NANOS;
import static io.drover.backend.swarm.SwarmTranslator.NC;
import static io.drover.backend.swarm.SwarmTranslator.SECRET_SOURCE_PREFIX;
import static io.drover.backend.swarm.SwarmTranslator.SPEC_LABEL;
import static io.drover.backend.swarm.SwarmTranslator.SUCCESS_THRESHOLD_LABEL;
import static io.drover.backend.swarm.SwarmTranslator.WGET;
import static io.drover.backend.swarm.SwarmTranslator.expansionEnvironment;
import static io.drover.backend.swarm.SwarmTranslator.secretBaseName;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ExecCheck;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.HttpCheck;
import io.drover.api.spec.Placement;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Probes;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.Quantity;
import io.drover.api.spec.ResourceAmounts;
import io.drover.api.spec.Resources;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.SwarmExtension;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.api.spec.Violation;
import io.drover.api.ServiceRef;
import io.drover.spi.Labels;
import io.drover.spi.support.NamespacedNames;
import io.drover.spi.support.VariableExpansion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The reverse half of {@link SwarmTranslator}: the neutral spec of an Engine API service spec. It
 * reads back every field the translator writes (Drover's labels first: the applied spec, the
 * exposure, the health-check hints, the secret sources), and for a service Drover did not create
 * the nearest neutral equivalent of its native fields.
 */
final class SwarmImport {
    private SwarmImport() {}

    /** The neutral spec of an Engine API service spec ({@code Spec} of a service). */

    static ServiceSpec fromNative(JsonNode spec) {
        Map<String, String> all = SwarmJson.stringMap(spec.path("Labels"));
        Map<String, String> userLabels = new LinkedHashMap<>();
        all.forEach((k, v) -> { if (!k.startsWith(Labels.PREFIX)) userLabels.put(k, v); });
        JsonNode task = spec.path("TaskTemplate");
        JsonNode container = task.path("ContainerSpec");
        ServiceRef ref = NamespacedNames.parse(String.valueOf(SwarmJson.text(spec, "Name")));
        ServiceSpec.Builder b = ServiceSpec.builder(ref.name()).labels(userLabels)
                .namespace(ServiceRef.DEFAULT.equals(ref.namespace()) ? null : ref.namespace())
                .image(stripDigest(SwarmJson.text(container, "Image")))
                .command(SwarmJson.strings(container.path("Command")))
                .args(SwarmJson.strings(container.path("Args")));
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : SwarmJson.strings(container.path("Env"))) {
            int eq = kv.indexOf('=');
            if (eq > 0) env.put(kv.substring(0, eq), kv.substring(eq + 1));
            else env.put(kv, "");
        }
        b.env(env);
        String service = SwarmJson.text(spec, "Name");
        List<SecretRef> secretRefs = new ArrayList<>();
        for (JsonNode s : container.path("Secrets")) {
            String dockerName = SwarmJson.text(s, "SecretName");
            String source = null;
            String name = dockerName;
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (e.getKey().startsWith(SECRET_SOURCE_PREFIX)) {
                    String neutral = e.getKey().substring(SECRET_SOURCE_PREFIX.length());
                    if (dockerName != null && dockerName.startsWith(secretBaseName(service, neutral) + "-")) {
                        name = neutral;
                        source = e.getValue();
                    }
                }
            }
            String path = SwarmJson.text(s.path("File"), "Name");
            String fromEnv = source != null && source.startsWith("fromEnv:") ? source.substring(8) : null;
            String fromFile = source != null && source.startsWith("fromFile:") ? source.substring(9) : null;
            secretRefs.add(new SecretRef(name, null, path, fromEnv, fromFile));
        }
        b.secrets(secretRefs);
        JsonNode replicated = spec.path("Mode").path("Replicated");
        b.replicas(replicated.has("Replicas") ? replicated.get("Replicas").asInt() : 1);
        JsonNode endpoint = spec.path("EndpointSpec");
        List<PortSpec> ports = new ArrayList<>();
        SwarmExtension.PublishMode publishMode = null;
        for (JsonNode p : endpoint.path("Ports")) {
            int published = p.path("PublishedPort").asInt(0);
            Protocol protocol = "udp".equalsIgnoreCase(SwarmJson.text(p, "Protocol")) ? Protocol.UDP : Protocol.TCP;
            String mode = SwarmJson.text(p, "PublishMode");
            if ("ingress".equals(mode) || (mode == null && published > 0)) publishMode = SwarmExtension.PublishMode.INGRESS;
            ports.add(new PortSpec(SwarmJson.text(p, "Name"), p.path("TargetPort").asInt(), protocol, published > 0 ? published : null));
        }
        String exposeJson = all.get(EXPOSE_LABEL);
        ExposeSpec expose = exposeJson == null ? ExposeSpec.NONE : SwarmJson.readExpose(exposeJson);
        if (publishMode == SwarmExtension.PublishMode.INGRESS) {
            // a port published on the mesh for an exposed node port is the exposure, not a pinned host port
            for (int i = 0; i < ports.size(); i++) {
                PortSpec p = ports.get(i);
                boolean exposedThere = expose.ports().stream().anyMatch(e -> e.nodePort() != null && e.nodePort().equals(p.hostPort())
                        && (e.targetPort().equals(p.name()) || e.targetPort().equals(Integer.toString(p.containerPort()))));
                if (exposedThere) ports.set(i, new PortSpec(p.name(), p.containerPort(), p.protocol(), null));
            }
        }
        b.ports(ports);
        b.expose(expose);
        unexpandedCommand(b, all.get(SPEC_LABEL));
        ServiceSpec partial = b.build();
        b.probes(probes(container.path("Healthcheck"), all, partial));
        b.resources(new Resources(amounts(task.path("Resources").path("Reservations")), amounts(task.path("Resources").path("Limits"))));
        b.update(update(spec.path("UpdateConfig")));
        b.placement(placement(task.path("Placement")));
        b.security(security(container));
        b.restart(restart(task.path("RestartPolicy")));
        SwarmExtension.EndpointMode endpointMode = "dnsrr".equalsIgnoreCase(SwarmJson.text(endpoint, "Mode")) ? SwarmExtension.EndpointMode.DNSRR
                : "vip".equalsIgnoreCase(SwarmJson.text(endpoint, "Mode")) ? SwarmExtension.EndpointMode.VIP : null;
        List<String> networks = new ArrayList<>();
        JsonNode nets = task.path("Networks").isArray() && task.path("Networks").size() > 0 ? task.path("Networks") : spec.path("Networks");
        for (JsonNode n : nets) networks.add(SwarmJson.text(n, "Target"));
        Integer grace = container.has("StopGracePeriod") ? (int) (container.get("StopGracePeriod").asLong() / NANOS) : null;
        if (endpointMode != null || publishMode != null || !networks.isEmpty() || grace != null) {
            b.extensions(new Extensions(null, new SwarmExtension(endpointMode, publishMode, networks, grace), null, null));
        }
        return b.build();
    }

    /**
     * Gives back the command and args as written, with their {@code $(VAR)} references, when the
     * service's native command and args are what Drover made of the applied spec {@code specJson}
     * (they differ after a change made outside Drover: then the native ones stand).
     */
    private static void unexpandedCommand(ServiceSpec.Builder b, String specJson) {
        if (specJson == null) return;
        ServiceSpec applied;
        try {
            applied = SpecIO.read(specJson);
        } catch (RuntimeException unreadable) {
            return;
        }
        ServiceSpec current = b.build();
        Map<String, String> expansion = expansionEnvironment(current);
        if (VariableExpansion.expand(applied.command(), expansion).equals(current.command())
                && VariableExpansion.expand(applied.args(), expansion).equals(current.args())) {
            b.command(applied.command()).args(applied.args());
        }
    }


    // ------------------------------------------------------------------ from native

    private static Probes probes(JsonNode hc, Map<String, String> labels, ServiceSpec spec) {
        List<String> test = SwarmJson.strings(hc.path("Test"));
        if (test.isEmpty() || "NONE".equals(test.get(0))) return Probes.NONE;
        Probe probe = null;
        String kind = test.get(0);
        List<String> rest = test.subList(1, test.size());
        if ("CMD".equals(kind) && rest.size() == 4 && rest.get(0).equals("wget") && rest.get(1).equals("-q") && rest.get(2).equals("-O-")) {
            Matcher m = WGET.matcher(rest.get(3));
            if (m.matches()) {
                String path = m.group(3) == null ? "/" : m.group(3);
                probe = new Probe(new HttpCheck(path, portReference(spec, Integer.parseInt(m.group(2))), m.group(1)),
                        null, null, null, null, null, null, null);
            }
        } else if ("CMD-SHELL".equals(kind) && rest.size() == 1) {
            Matcher m = NC.matcher(rest.get(0));
            if (m.matches()) probe = Probe.tcp(portReference(spec, Integer.parseInt(m.group(1))));
        }
        if (probe == null) {
            List<String> command = "CMD-SHELL".equals(kind) ? List.of("sh", "-c", String.join(" ", rest)) : rest;
            probe = new Probe(null, null, new ExecCheck(command), null, null, null, null, null);
        }
        Integer success = labels.containsKey(SUCCESS_THRESHOLD_LABEL) ? Integer.valueOf(labels.get(SUCCESS_THRESHOLD_LABEL)) : null;
        probe = new Probe(probe.http(), probe.tcp(), probe.exec(),
                seconds(hc.path("StartPeriod"), 0), seconds(hc.path("Interval"), Probe.DEFAULT_PERIOD_SECONDS),
                seconds(hc.path("Timeout"), Probe.DEFAULT_TIMEOUT_SECONDS),
                hc.has("Retries") && hc.get("Retries").asInt() > 0 ? hc.get("Retries").asInt() : Probe.DEFAULT_FAILURE_THRESHOLD,
                success);
        return switch (labels.getOrDefault(HEALTH_CHECK_LABEL, "readiness")) {
            case "liveness" -> new Probes(null, probe, null);
            case "startup" -> new Probes(null, null, probe);
            default -> new Probes(probe, null, null);
        };
    }

    private static String portReference(ServiceSpec spec, int port) {
        return spec.ports().stream().filter(p -> p.containerPort() == port && p.name() != null).map(PortSpec::name)
                .findFirst().orElse(Integer.toString(port));
    }

    private static Integer seconds(JsonNode nanos, int dflt) {
        if (nanos.isMissingNode() || nanos.isNull() || nanos.asLong() == 0) return dflt;
        return (int) Math.max(1, nanos.asLong() / NANOS);
    }

    private static ResourceAmounts amounts(JsonNode n) {
        Quantity cpu = n.has("NanoCPUs") && n.get("NanoCPUs").asLong() > 0 ? cpu(n.get("NanoCPUs").asLong()) : null;
        Quantity memory = n.has("MemoryBytes") && n.get("MemoryBytes").asLong() > 0 ? memory(n.get("MemoryBytes").asLong()) : null;
        return new ResourceAmounts(cpu, memory);
    }

    private static Quantity cpu(long nanos) {
        if (nanos % NANOS == 0) return Quantity.of(Long.toString(nanos / NANOS));
        if (nanos % 1_000_000 == 0) return Quantity.of((nanos / 1_000_000) + "m");
        return Quantity.of(nanos + "n");
    }

    private static Quantity memory(long bytes) {
        String[] units = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < units.length; i++) {
            long size = 1L << (10 * (6 - i));
            if (bytes % size == 0) return Quantity.of((bytes / size) + units[i]);
        }
        return Quantity.of(Long.toString(bytes));
    }

    private static UpdatePolicy update(JsonNode u) {
        if (u.isMissingNode() || u.isNull()) return UpdatePolicy.DEFAULT;
        Integer parallelism = u.has("Parallelism") ? u.get("Parallelism").asInt() : null;
        UpdateOrder order = "stop-first".equals(SwarmJson.text(u, "Order")) ? UpdateOrder.STOP_FIRST
                : "start-first".equals(SwarmJson.text(u, "Order")) ? UpdateOrder.START_FIRST : null;
        FailureAction action = switch (String.valueOf(SwarmJson.text(u, "FailureAction"))) {
            case "rollback" -> FailureAction.ROLLBACK;
            case "continue" -> FailureAction.CONTINUE;
            case "pause" -> FailureAction.PAUSE;
            default -> null;
        };
        Integer monitor = u.has("Monitor") ? (int) (u.get("Monitor").asLong() / NANOS) : null;
        Integer delay = u.has("Delay") ? (int) (u.get("Delay").asLong() / NANOS) : null;
        return new UpdatePolicy(parallelism, order, action, monitor, delay);
    }

    private static Placement placement(JsonNode p) {
        List<String> constraints = SwarmJson.strings(p.path("Constraints"));
        String spread = null;
        for (JsonNode pref : p.path("Preferences")) {
            String d = SwarmJson.text(pref.path("Spread"), "SpreadDescriptor");
            if (d != null) spread = d;
        }
        Integer max = p.has("MaxReplicas") && p.get("MaxReplicas").asInt() > 0 ? p.get("MaxReplicas").asInt() : null;
        return new Placement(constraints, spread, max);
    }

    private static SecurityPolicy security(JsonNode c) {
        Long user = null, group = null;
        String u = SwarmJson.text(c, "User");
        if (u != null && !u.isEmpty()) {
            String[] parts = u.split(":", 2);
            user = parseId(parts[0]);
            if (parts.length == 2) group = parseId(parts[1]);
        }
        Boolean readOnly = c.has("ReadOnly") && c.get("ReadOnly").asBoolean() ? Boolean.TRUE : null;
        List<String> add = SwarmJson.strings(c.path("CapabilityAdd")).stream().map(SwarmImport::neutralCap).toList();
        List<String> drop = SwarmJson.strings(c.path("CapabilityDrop")).stream().map(SwarmImport::neutralCap).toList();
        return new SecurityPolicy(user, group, null, readOnly, drop, add);
    }

    private static Long parseId(String s) {
        try {
            return Long.valueOf(s);
        } catch (NumberFormatException e) {
            throw new InvalidSpecException(List.of(new Violation("spec.security.runAsUser",
                    "Swarm user '" + s + "' is a name; Drover needs a numeric uid/gid")));
        }
    }

    private static String neutralCap(String c) {
        return c.startsWith("CAP_") ? c.substring(4) : c;
    }

    private static RestartPolicy restart(JsonNode r) {
        RestartCondition condition = switch (String.valueOf(SwarmJson.text(r, "Condition"))) {
            case "on-failure" -> RestartCondition.ON_FAILURE;
            case "none" -> RestartCondition.NEVER;
            default -> RestartCondition.ALWAYS;
        };
        Integer max = r.has("MaxAttempts") && r.get("MaxAttempts").asLong() > 0 ? r.get("MaxAttempts").asInt() : null;
        return new RestartPolicy(condition, max);
    }

    private static String stripDigest(String image) {
        if (image == null) return null;
        int at = image.indexOf("@sha256:");
        return at > 0 ? image.substring(0, at) : image;
    }
}
