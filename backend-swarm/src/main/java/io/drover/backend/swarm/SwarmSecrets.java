package io.drover.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.DockerException;
import io.drover.api.SecretValue;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Docker secrets behind a service's secrets. A secret whose value Drover supplies is created as
 * {@code <service>-<secret>-<fingerprint>} (labelled {@code io.drover/*}), so that a new value is a
 * new Docker secret and rotating it rolls the service out; Docker secrets cannot be changed in
 * place. A secret without a source must already be in the swarm's store under its own name.
 * Secrets the current and the previous spec use are kept (rollback needs them); older ones are
 * removed. Thread-safe (all state is in the engine).
 */
final class SwarmSecrets {
    private final EngineApi api;

    SwarmSecrets(EngineApi api) {
        this.api = api;
    }

    /**
     * Creates the Docker secrets {@code spec} needs that do not exist yet and returns the binding
     * of every secret, by neutral name.
     *
     * @throws InvalidSpecException when a value is missing or a store secret does not exist
     */
    Map<String, SwarmTranslator.SecretBinding> ensure(ServiceSpec spec, Map<String, SecretValue> values) {
        if (spec.secrets().isEmpty()) return Map.of();
        Map<String, String> ownByName = new HashMap<>();
        for (JsonNode s : api.listSecrets(Map.of(Labels.SERVICE, SwarmTranslator.nativeName(spec), Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE))) {
            ownByName.put(SwarmJson.text(s.path("Spec"), "Name"), SwarmJson.text(s, "ID"));
        }
        List<String> storeNames = spec.secrets().stream().filter(r -> !r.hasSource()).map(SecretRef::name).toList();
        Map<String, String> storeByName = new HashMap<>();
        for (JsonNode s : api.listSecretsNamed(storeNames)) {
            storeByName.put(SwarmJson.text(s.path("Spec"), "Name"), SwarmJson.text(s, "ID"));
        }
        Map<String, SwarmTranslator.SecretBinding> out = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < spec.secrets().size(); i++) {
            SecretRef ref = spec.secrets().get(i);
            String path = "spec.secrets[" + i + "]";
            if (!ref.hasSource()) {
                String id = storeByName.get(ref.name());
                if (id == null) violations.add(new Violation(path + ".name", "no secret '" + ref.name()
                        + "' in the swarm's store (create it with docker secret create, or give fromEnv or fromFile)"));
                else out.put(ref.name(), new SwarmTranslator.SecretBinding(id, ref.name()));
                continue;
            }
            SecretValue value = values.get(ref.name());
            if (value == null) {
                violations.add(new Violation(path, "no value was resolved for secret '" + ref.name() + "'"));
                continue;
            }
            String dockerName = SwarmTranslator.dockerSecretName(SwarmTranslator.nativeName(spec), ref.name(), value.fingerprint());
            String id = ownByName.get(dockerName);
            if (id == null) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
                labels.put(Labels.SERVICE, SwarmTranslator.nativeName(spec));
                labels.put(SwarmTranslator.SECRET_NAME_LABEL, ref.name());
                id = api.createSecret(dockerName, value.bytes(), labels);
            }
            out.put(ref.name(), new SwarmTranslator.SecretBinding(id, dockerName));
        }
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
        return out;
    }

    /**
     * Removes the service's Drover-made secrets except those named in {@code keep}; secrets a service
     * still references stay (they go with a later apply or the delete).
     *
     * @throws DockerException for any other refusal of the engine, for {@link SwarmErrorMapper}
     */
    void prune(String service, Set<String> keep) {
        for (JsonNode s : api.listSecrets(Map.of(Labels.SERVICE, service, Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE))) {
            if (keep.contains(SwarmJson.text(s.path("Spec"), "Name"))) continue;
            try {
                api.removeSecret(SwarmJson.text(s, "ID"));
            } catch (BadRequestException e) {
                if (!isInUse(e)) throw e;
            }
        }
    }

    /**
     * The engine's answer to removing a secret that a service references: HTTP 400 with swarmkit's
     * InvalidArgument "secret 'NAME' is in use by the following service(s): ...".
     */
    static boolean isInUse(DockerException e) {
        return e.getHttpStatus() == 400 && SwarmErrorMapper.engineMessage(e).contains("is in use by the following service");
    }

    /** The Docker secret names a service spec (Engine API JSON) references. */
    static Set<String> referencedBy(JsonNode serviceSpec) {
        Set<String> names = new java.util.HashSet<>();
        if (serviceSpec == null) return names;
        for (JsonNode s : serviceSpec.path("TaskTemplate").path("ContainerSpec").path("Secrets")) {
            names.add(SwarmJson.text(s, "SecretName"));
        }
        return names;
    }
}
