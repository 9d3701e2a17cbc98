package io.drover.backend.local;

import io.drover.spi.support.ExposureRule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.RenderFormat;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.Violation;
import io.drover.spi.Labels;
import io.drover.spi.SpecFingerprint;
import java.util.List;

/**
 * The local backend's native manifest: a {@code ProcessGroup} saying which command runs how many
 * times, with which environment (secret values shown only by name), which port variables, and which
 * load balancers, followed by the neutral spec it came from, so that {@link #read} gives the spec back.
 */
final class LocalManifest {
    static final String API_VERSION = "local.drover.io/v1";
    static final String KIND = "ProcessGroup";

    private LocalManifest() {}

    /** The manifest of {@code spec} as YAML or JSON. */
    static String render(ServiceSpec given, String bindHost, RenderFormat format) {
        ServiceSpec spec = ExposureRule.concrete(given);
        ObjectMapper mapper = format == RenderFormat.JSON ? SpecIO.jsonMapper() : SpecIO.yamlMapper();
        ObjectNode doc = mapper.createObjectNode();
        doc.put("apiVersion", API_VERSION);
        doc.put("kind", KIND);
        ObjectNode metadata = doc.putObject("metadata");
        metadata.put("name", spec.name());
        ObjectNode labels = metadata.putObject("labels");
        spec.labels().forEach(labels::put);
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        labels.put(Labels.SERVICE, spec.name());
        labels.put(Labels.SPEC_HASH, SpecFingerprint.of(spec));
        doc.put("replicas", spec.replicas());
        ObjectNode process = doc.putObject("process");
        ArrayNode argv = process.putArray("argv");
        spec.command().forEach(argv::add);
        spec.args().forEach(argv::add);
        if (spec.image() != null) process.put("image", spec.image() + " (informational: the local backend runs argv on the host)");
        var local = spec.extensions().local();
        if (local != null && local.workingDirectory() != null) process.put("workingDirectory", local.workingDirectory());
        if (local != null && local.stopTimeoutSeconds() != null) process.put("stopTimeoutSeconds", local.stopTimeoutSeconds());
        ObjectNode env = process.putObject("env");
        spec.env().forEach(env::put);
        for (SecretRef s : spec.secrets()) {
            if (s.env() != null) env.put(s.env(), "<secret " + s.name() + ">");
        }
        if (!spec.ports().isEmpty()) env.put("PORT", "<host port of '" + spec.ports().get(0).name() + "'>");
        for (PortSpec p : spec.ports()) env.put(InstanceProcess.portVariable(p.name()), "<host port of '" + p.name() + "'>");
        env.put("DROVER_INSTANCE", "<instance id>");
        env.put("DROVER_SERVICE", spec.name());
        ArrayNode ports = process.putArray("ports");
        for (PortSpec p : spec.ports()) {
            ObjectNode n = ports.addObject();
            n.put("name", p.name());
            n.put("hostPort", p.hostPort() == null ? "free port per instance" : p.hostPort().toString());
            n.put("host", bindHost);
        }
        ArrayNode lbs = doc.putArray("loadBalancers");
        if (spec.exposeOrNone().isExposed()) {
            for (ExposedPort p : spec.exposeOrNone().ports()) {
                ObjectNode n = lbs.addObject();
                n.put("listen", bindHost + ":" + p.port());
                n.put("targetPort", p.targetPort());
                n.put("balancing", "round-robin over ready instances");
            }
        }
        doc.set("spec", SpecIO.toTree(given)); // as given: an unset exposure stays unset, so an import keeps it unset
        try {
            return format == RenderFormat.JSON ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc)
                    : mapper.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The neutral spec of a manifest written by {@link #render}. */
    static ServiceSpec read(String text) {
        JsonNode doc;
        try {
            doc = SpecIO.yamlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "malformed YAML/JSON: " + e.getOriginalMessage())), e);
        }
        if (doc == null || !doc.isObject()) {
            throw new InvalidSpecException(List.of(new Violation("$", "must be a " + KIND + " mapping")));
        }
        if (!KIND.equals(doc.path("kind").asText()) || !API_VERSION.equals(doc.path("apiVersion").asText())) {
            throw new InvalidSpecException(List.of(new Violation("kind", "must be " + KIND + " of " + API_VERSION
                    + " (as written by render), was " + doc.path("kind").asText("nothing") + " of " + doc.path("apiVersion").asText("nothing"))));
        }
        JsonNode spec = doc.get("spec");
        if (spec == null || !spec.isObject()) {
            throw new InvalidSpecException(List.of(new Violation("spec", "is required: the neutral spec the manifest was rendered from")));
        }
        return SpecIO.fromTree(spec);
    }
}
