package io.drover.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.error.ConflictException;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.spi.Labels;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One deployed Swarm service as a single read ({@code GET /services/{name}}) gave it: its id and
 * version, its native spec and labels, and what Drover recorded in them (the neutral spec, the
 * revision, the fingerprint, the kept previous revision). Every read-modify-write of
 * {@link SwarmBackend} reads the service once into this and decides from it, so that no operation
 * goes back to the engine or to the JSON for a second look. Not thread-safe: one per operation.
 */
final class SwarmDeployed {
    private final JsonNode service;
    private final JsonNode spec;
    private final Map<String, String> labels;
    private final String name;
    private ServiceSpec neutral; // parsed from its label on first use

    private SwarmDeployed(JsonNode service) {
        this.service = service;
        this.spec = service.path("Spec");
        this.labels = SwarmJson.stringMap(spec.path("Labels"));
        this.name = SwarmJson.text(spec, "Name");
    }

    /** The service an inspect call returned. */
    static SwarmDeployed of(JsonNode inspected) {
        return new SwarmDeployed(inspected);
    }

    /** The engine's whole answer (for the status mapper). */
    JsonNode service() { return service; }

    String id() { return SwarmJson.text(service, "ID"); }

    /** The version an update must name (Swarm's optimistic concurrency). */
    long version() { return service.path("Version").path("Index").asLong(); }

    /** The native service spec as the engine holds it. */
    JsonNode nativeSpec() { return spec; }

    /** This service, or a {@link ConflictException} when Drover did not create it. */
    SwarmDeployed requireManaged(String operation) {
        if (!Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY)) || !labels.containsKey(SwarmTranslator.SPEC_LABEL)) {
            throw new ConflictException("a service named '" + name + "' exists but Drover did not create it; "
                    + "remove it or choose another name", SwarmBackend.NAME, operation, name, null, false, null);
        }
        return this;
    }

    /** The neutral spec Drover recorded (null for a service Drover did not create). */
    ServiceSpec neutral() {
        String json = labels.get(SwarmTranslator.SPEC_LABEL);
        if (neutral == null && json != null) neutral = SpecIO.read(json);
        return neutral;
    }

    long revision() { return Long.parseLong(labels.getOrDefault(Labels.REVISION, "0")); }

    /** Whether the recorded fingerprint is {@code specHash}: the desired spec is what runs. */
    boolean runs(String specHash) { return specHash.equals(labels.get(Labels.SPEC_HASH)); }

    /** The replica count, or -1 in global or job mode. */
    int replicas() { return spec.path("Mode").path("Replicated").path("Replicas").asInt(-1); }

    /** The Docker secrets its containers reference. */
    Set<String> secretNames() { return SwarmSecrets.referencedBy(spec); }

    /** The secret bindings the running spec uses, keyed by the neutral spec's secret names. */
    Map<String, SwarmTranslator.SecretBinding> bindings(ServiceSpec neutral) {
        Map<String, SwarmTranslator.SecretBinding> out = new TreeMap<>();
        JsonNode refs = spec.path("TaskTemplate").path("ContainerSpec").path("Secrets");
        for (int i = 0; i < neutral.secrets().size() && i < refs.size(); i++) {
            out.put(neutral.secrets().get(i).name(), new SwarmTranslator.SecretBinding(
                    SwarmJson.text(refs.get(i), "SecretID"), SwarmJson.text(refs.get(i), "SecretName")));
        }
        return out;
    }

    /** The revision Drover kept in the labels for a rollback, or null. */
    SwarmTranslator.PreviousRevision kept() {
        return labels.containsKey(SwarmTranslator.SPEC_LABEL) ? SwarmTranslator.PreviousRevision.fromLabels(labels) : null;
    }

    /** This revision, to be kept by the next update for a rollback. */
    SwarmTranslator.PreviousRevision asPrevious() {
        ServiceSpec neutral = neutral();
        return new SwarmTranslator.PreviousRevision(neutral, revision(), bindings(neutral));
    }

    /**
     * The revision number of the engine's own previous spec ({@code PreviousSpec}) when the engine
     * can roll back to it: it is another revision with the same exposure. Null otherwise.
     */
    String enginePreviousRevision() {
        JsonNode previous = service.get("PreviousSpec");
        if (previous == null || previous.isNull()) return null;
        Map<String, String> previousLabels = SwarmJson.stringMap(previous.path("Labels"));
        String revision = previousLabels.get(Labels.REVISION);
        boolean sameExposure = Objects.equals(labels.get(SwarmTranslator.EXPOSE_LABEL), previousLabels.get(SwarmTranslator.EXPOSE_LABEL));
        return revision != null && !revision.equals(String.valueOf(revision())) && sameExposure ? revision : null;
    }

    /** Whether Swarm itself already rolled the last update back. */
    boolean rolledBackByEngine() {
        return "rollback_completed".equals(SwarmJson.text(service.path("UpdateStatus"), "State"));
    }

    /** The native spec with another replica count (also in the recorded neutral spec). */
    JsonNode withReplicas(int replicas) {
        ObjectNode copy = spec.deepCopy();
        ObjectNode mode = copy.withObjectProperty("Mode");
        if (!mode.has("Replicated")) {
            throw new ConflictException("service '" + name + "' does not run in replicated mode and cannot be scaled",
                    SwarmBackend.NAME, "scale", name, null, false, null);
        }
        mode.withObjectProperty("Replicated").put("Replicas", replicas);
        ServiceSpec recorded = neutral();
        if (recorded != null) {
            copy.withObjectProperty("Labels").put(SwarmTranslator.SPEC_LABEL, SpecIO.toCompactJson(recorded.withReplicas(replicas)));
        }
        return copy;
    }
}
