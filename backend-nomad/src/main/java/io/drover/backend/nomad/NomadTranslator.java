package io.drover.backend.nomad;

import io.drover.spi.support.ExposureRule;
import static io.drover.backend.nomad.NomadJson.strings;
import static io.drover.backend.nomad.NomadJson.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.RenderFormat;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.NomadExtension;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Labels;
import io.drover.spi.SpecFingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one translation between a neutral {@link ServiceSpec} and a Nomad job, both ways, in the JSON
 * form of Nomad's HTTP API ({@code /v1/jobs} and the JSON job specification; every duration in
 * nanoseconds). One spec is one job of type {@code service} with one group and one {@code docker}
 * task, all three named after the service:
 * <ul>
 *   <li>group {@code Count} = replicas; the ports are the group network's {@code DynamicPorts}
 *       ({@code Label} = port name, {@code To} = container port) or, with a host port,
 *       {@code ReservedPorts}; the task's driver config lists them in {@code ports};</li>
 *   <li>the task's {@code Config}: {@code image}, {@code entrypoint} (the neutral command: the docker
 *       driver's own {@code command} is a single string replacing CMD), {@code args},
 *       {@code readonly_rootfs}, {@code cap_drop}/{@code cap_add} (lower case), {@code volumes} for
 *       file secrets and {@code cpu_hard_limit} for a CPU limit; {@code User} is
 *       {@code uid[:gid]};</li>
 *   <li>{@code $(VAR)} in command and args becomes Nomad interpolation: {@code $(DROVER_PORT_HTTP)}
 *       is {@code ${NOMAD_PORT_http}} (the port inside the container), any other {@code $(X)} is
 *       {@code ${X}};</li>
 *   <li>resources, restarts, placement, updates and secrets as {@link NomadPolicies} describes;
 *       probes as {@link NomadChecks} describes;</li>
 *   <li>labels are job {@code Meta}, with Drover's {@code io.drover/*} keys; what Nomad cannot
 *       express (the expose spec, UDP, update delay, readiness tuning, secret sources) is the JSON
 *       meta value {@link #HINTS}, read back by {@link #fromJob} and not enforced by Nomad.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class NomadTranslator {
    /** Job meta holding, as JSON, what Nomad's job cannot express natively. */
    public static final String HINTS = Labels.PREFIX + "hints";
    /** Job meta holding the applied neutral spec (compact JSON), for status and idempotent apply. */
    public static final String SPEC = Labels.PREFIX + "spec";

    private static final Pattern NEUTRAL_VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern NOMAD_VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.\\-]*)\\}");

    /**
     * The job's namespace: {@code metadata.namespace}, else the older {@code extensions.nomad.namespace},
     * else {@code fallback}. Both set and different is refused.
     */
    public static String namespaceOf(ServiceSpec spec, String fallback) {
        NomadExtension n = spec.extensions().nomad();
        String extension = n == null ? null : n.namespace();
        if (spec.namespace() != null && extension != null && !spec.namespace().equals(extension)) {
            throw new io.drover.api.error.InvalidSpecException(List.of(new Violation("spec.extensions.nomad.namespace", "is '" + extension
                    + "' but metadata.namespace is '" + spec.namespace() + "'; set metadata.namespace only")));
        }
        return spec.namespace() != null ? spec.namespace() : extension != null ? extension : fallback;
    }

    /**
     * The job for {@code spec}: {@code revision} and {@code specHash} go into its meta, with the
     * applied spec itself when {@code withSpec}.
     */
    public ObjectNode toJob(ServiceSpec given, String namespace, long revision, String specHash, boolean withSpec) {
        ServiceSpec spec = ExposureRule.concrete(given);
        ObjectNode hints = NomadJson.object();
        ObjectNode job = NomadJson.object();
        job.put("ID", spec.name());
        job.put("Name", spec.name());
        job.put("Type", "service");
        if (namespace != null) job.put("Namespace", namespace);
        NomadExtension ext = spec.extensions().nomad();
        if (ext != null && ext.region() != null) job.put("Region", ext.region());
        if (ext != null && ext.priority() != null) job.put("Priority", ext.priority());
        if (ext != null && !ext.datacenters().isEmpty()) {
            ArrayNode dcs = job.putArray("Datacenters");
            ext.datacenters().forEach(dcs::add);
        }
        ObjectNode group = job.putArray("TaskGroups").addObject();
        group.put("Name", spec.name());
        group.put("Count", spec.replicas());
        NomadPolicies.placement(spec.placement(), group);
        ArrayNode networks = networks(spec, hints);
        if (!networks.isEmpty()) group.set("Networks", networks);
        ArrayNode services = NomadChecks.toServices(spec, spec.name(), hints);
        if (!services.isEmpty()) group.set("Services", services);
        NomadPolicies.restart(spec.restart(), group);
        group.set("Update", NomadPolicies.update(spec, hints));
        ObjectNode task = group.putArray("Tasks").addObject();
        task.put("Name", spec.name());
        task.put("Driver", "docker");
        String user = NomadPolicies.user(spec.security());
        if (user != null) task.put("User", user);
        ObjectNode config = task.putObject("Config");
        config.put("image", spec.image());
        if (!spec.command().isEmpty()) putStrings(config, "entrypoint", interpolate(spec.command(), spec));
        if (!spec.args().isEmpty()) putStrings(config, "args", interpolate(spec.args(), spec));
        if (!spec.ports().isEmpty()) putStrings(config, "ports", spec.ports().stream().map(PortSpec::name).toList());
        NomadPolicies.security(spec.security(), config);
        if (!spec.env().isEmpty()) {
            ObjectNode env = task.putObject("Env");
            spec.env().forEach(env::put);
        }
        ObjectNode resources = NomadPolicies.resources(spec.resources(), config, hints);
        if (resources != null) task.set("Resources", resources);
        ArrayNode templates = NomadSecrets.templates(spec, config, hints);
        if (!templates.isEmpty()) task.set("Templates", templates);

        ObjectNode meta = NomadJson.object();
        spec.labels().forEach(meta::put);
        meta.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        meta.put(Labels.SERVICE, spec.name());
        meta.put(Labels.REVISION, Long.toString(revision));
        meta.put(Labels.SPEC_HASH, specHash);
        if (spec.exposeOrNone().isExposed()) hints.set("expose", NomadPolicies.exposeJson(spec.exposeOrNone()));
        if (!hints.isEmpty()) meta.put(HINTS, NomadJson.compact(hints));
        if (withSpec) meta.put(SPEC, io.drover.api.spec.SpecIO.toCompactJson(spec));
        job.set("Meta", meta);
        return job;
    }

    /** The register payload {@code {"Job": ...}} for {@code spec} (revision 1), as Nomad's {@code /v1/jobs} takes it. */
    public String render(ServiceSpec spec, RenderFormat format) {
        // Nomad takes jobs as JSON (or HCL), never YAML: both formats give the JSON payload, which is also valid YAML.
        ObjectNode payload = NomadJson.object();
        payload.set("Job", toJob(spec, namespaceOf(spec, null), 1, SpecFingerprint.of(spec), false));
        return NomadJson.write(payload) + "\n";
    }

    /**
     * The neutral spec of a Nomad job given as JSON: a register payload ({@code {"Job": ...}}) or a job
     * as {@code GET /v1/job/:job_id} or {@code nomad job inspect} shows it.
     *
     * @throws InvalidSpecException when the text is not such a job, or not one Drover can read
     */
    public ServiceSpec importNative(String text) {
        JsonNode node;
        try {
            node = NomadJson.parse(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "is not Nomad job JSON: " + e.getOriginalMessage())), e);
        }
        if (node != null && node.has("Job") && node.get("Job").isObject()) node = node.get("Job");
        if (node == null || !node.isObject() || !node.has("TaskGroups")) {
            throw new InvalidSpecException(List.of(new Violation("$", "must be a Nomad job (with TaskGroups) or a register payload (with Job)")));
        }
        return fromJob(node);
    }

    /** The neutral spec of a Nomad job; the first group and its first docker task carry the service. */
    public ServiceSpec fromJob(JsonNode job) {
        JsonNode group = job.path("TaskGroups").path(0);
        JsonNode task = group.path("Tasks").path(0);
        if (group.isMissingNode() || task.isMissingNode() || !"docker".equals(text(task, "Driver"))) {
            throw new InvalidSpecException(List.of(new Violation("$.TaskGroups[0].Tasks[0]", "Drover reads jobs whose first group has a docker task")));
        }
        Map<String, String> meta = NomadJson.stringMap(job.path("Meta"));
        JsonNode hints = parseHints(meta.get(HINTS));
        Map<String, String> labels = new LinkedHashMap<>();
        meta.forEach((k, v) -> { if (!k.startsWith(Labels.PREFIX)) labels.put(k, v); });
        JsonNode config = task.path("Config");
        String name = text(job, "ID") != null ? text(job, "ID") : text(job, "Name");
        ServiceSpec.Builder b = ServiceSpec.builder(name).labels(labels).image(text(config, "image"));
        List<PortSpec> ports = ports(group, hints);
        b.ports(ports);
        ServiceSpec withPorts = b.build();
        b.command(deinterpolate(strings(config.path("entrypoint")), withPorts));
        b.args(deinterpolate(strings(config.path("args")), withPorts));
        b.env(NomadJson.stringMap(task.path("Env")));
        b.replicas(group.has("Count") ? group.get("Count").asInt() : 1);
        b.secrets(NomadSecrets.fromTemplates(task.path("Templates"), config, hints));
        b.expose(NomadPolicies.readExpose(hints.path("expose")));
        b.probes(NomadChecks.fromServices(group.path("Services"), hints));
        b.resources(NomadPolicies.fromResources(task.path("Resources"), config, hints));
        b.update(NomadPolicies.fromUpdate(group.path("Update").isObject() ? group.path("Update") : job.path("Update"), hints));
        b.placement(NomadPolicies.fromPlacement(group));
        b.security(NomadPolicies.fromSecurity(text(task, "User"), config));
        b.restart(NomadPolicies.fromRestart(group.path("RestartPolicy"), group.path("ReschedulePolicy")));
        ServiceSpec partial = b.build();
        List<String> dcs = strings(job.path("Datacenters"));
        if (dcs.equals(List.of("*"))) dcs = List.of();
        Integer canary = NomadPolicies.extensionCanary(group.path("Update").isObject() ? group.path("Update") : job.path("Update"),
                partial.update());
        Integer priority = job.has("Priority") && job.get("Priority").isNumber() ? job.get("Priority").asInt() : null;
        b.namespace(text(job, "Namespace"));
        b.extensions(new Extensions(null, null,
                new NomadExtension(dcs, null, text(job, "Region"), canary, priority), null));
        return b.build();
    }

    private static ArrayNode networks(ServiceSpec spec, ObjectNode hints) {
        ArrayNode networks = NomadJson.array();
        if (spec.ports().isEmpty()) return networks;
        ObjectNode network = networks.addObject();
        ArrayNode dynamic = NomadJson.array();
        ArrayNode reserved = NomadJson.array();
        ArrayNode udp = NomadJson.array();
        for (PortSpec p : spec.ports()) {
            Integer pinned = p.hostPort() != null ? p.hostPort() : NomadPolicies.exposedNodePort(spec, p);
            ObjectNode port = (pinned != null ? reserved : dynamic).addObject();
            port.put("Label", p.name());
            if (pinned != null) port.put("Value", pinned);
            port.put("To", p.containerPort());
            if (p.protocol() == Protocol.UDP) udp.add(p.name());
        }
        if (!reserved.isEmpty()) network.set("ReservedPorts", reserved);
        if (!dynamic.isEmpty()) network.set("DynamicPorts", dynamic);
        if (!udp.isEmpty()) hints.set("udp", udp);
        return networks;
    }

    private static List<PortSpec> ports(JsonNode group, JsonNode hints) {
        List<String> udp = strings(hints.path("udp"));
        List<Integer> exposedNodePorts = new ArrayList<>();
        for (JsonNode e : hints.path("expose").path("ports")) {
            if (e.hasNonNull("nodePort")) exposedNodePorts.add(e.get("nodePort").asInt());
        }
        List<PortSpec> out = new ArrayList<>();
        for (JsonNode network : group.path("Networks")) {
            for (String kind : List.of("ReservedPorts", "DynamicPorts")) {
                for (JsonNode p : network.path(kind)) {
                    String label = text(p, "Label");
                    int to = p.path("To").asInt(0);
                    Integer value = kind.equals("ReservedPorts") && p.path("Value").asInt(0) > 0 ? p.get("Value").asInt() : null;
                    if (value != null && exposedNodePorts.contains(value)) value = null; // the exposure's node port, not a pinned host port
                    out.add(new PortSpec(label, to > 0 ? to : (value == null ? 0 : value),
                            udp.contains(label) ? Protocol.UDP : Protocol.TCP, value));
                }
            }
        }
        return out;
    }

    /** {@code $(DROVER_PORT_X)} to {@code ${NOMAD_PORT_x}}, any other {@code $(V)} to {@code ${V}}. */
    static List<String> interpolate(List<String> words, ServiceSpec spec) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            Matcher m = NEUTRAL_VAR.matcher(w);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String var = m.group(1);
                String replacement = "${" + var + "}";
                for (PortSpec p : spec.ports()) {
                    if (var.equals(portVariable(p.name()))) replacement = "${NOMAD_PORT_" + p.name() + "}";
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }

    static List<String> deinterpolate(List<String> words, ServiceSpec spec) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            Matcher m = NOMAD_VAR.matcher(w);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String var = m.group(1);
                String replacement = "$(" + var + ")";
                if (var.startsWith("NOMAD_PORT_") && spec.port(var.substring("NOMAD_PORT_".length())).isPresent()) {
                    replacement = "$(" + portVariable(var.substring("NOMAD_PORT_".length())) + ")";
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }

    /** {@code DROVER_PORT_<NAME>}: the neutral variable of a port (upper case, '-' as '_'), as the local backend sets it. */
    static String portVariable(String portName) {
        return "DROVER_PORT_" + portName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static JsonNode parseHints(String json) {
        if (json == null) return NomadJson.object();
        try {
            JsonNode n = NomadJson.parse(json);
            return n != null && n.isObject() ? n : NomadJson.object();
        } catch (JsonProcessingException e) {
            return NomadJson.object();
        }
    }

    static void putStrings(ObjectNode node, String field, List<String> values) {
        ArrayNode a = node.putArray(field);
        values.forEach(a::add);
    }
}
