package io.drover.api;

import io.drover.api.spec.SecretRef;
import java.util.Optional;

/**
 * Finds a secret's value at apply time. The default reads {@code fromEnv} from the host environment
 * and {@code fromFile} from the host filesystem; supply your own (a vault client) through the
 * builder. Returns empty when the secret has no source Drover can read (it must then exist in the
 * backend's store). Throws {@link io.drover.api.error.InvalidSpecException} when a named source is missing.
 */
@FunctionalInterface
public interface SecretResolver {
    /**
     * @param secret the reference
     * @param path the reference's path in the spec, for error messages ({@code spec.secrets[0]})
     */
    Optional<SecretValue> resolve(SecretRef secret, String path);
}
