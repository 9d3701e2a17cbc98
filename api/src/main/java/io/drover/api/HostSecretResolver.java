package io.drover.api;

import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The default {@link SecretResolver}: {@code fromEnv} from the host environment, {@code fromFile} from the host filesystem. */
final class HostSecretResolver implements SecretResolver {
    static final HostSecretResolver INSTANCE = new HostSecretResolver();

    @Override
    public Optional<SecretValue> resolve(SecretRef secret, String path) {
        if (secret.fromEnv() != null) {
            String value = System.getenv(secret.fromEnv());
            if (value == null) {
                throw new InvalidSpecException(List.of(new Violation(path + ".fromEnv",
                        "the host environment variable " + secret.fromEnv() + " is not set")));
            }
            return Optional.of(SecretValue.of(value));
        }
        if (secret.fromFile() != null) {
            try {
                return Optional.of(SecretValue.of(Files.readAllBytes(Path.of(secret.fromFile()))));
            } catch (IOException e) {
                throw new InvalidSpecException(List.of(new Violation(path + ".fromFile",
                        "cannot read " + secret.fromFile() + " (" + e.getClass().getSimpleName() + ")")));
            }
        }
        return Optional.empty();
    }
}
