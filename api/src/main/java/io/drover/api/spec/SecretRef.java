package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A secret the service receives, as an environment variable ({@code env}) and/or a file
 * ({@code path}). The spec never holds the value: it comes from the host at apply time
 * ({@code fromEnv}: an environment variable; {@code fromFile}: a file), and Drover creates or
 * rotates the backend's secret; with neither, the secret must already exist in the backend's store.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretRef(String name, String env, String path, String fromEnv, String fromFile) {
    /** Secret {@code name} as environment variable {@code env}, its value taken from host variable {@code fromEnv}. */
    public static SecretRef envFromEnv(String name, String env, String fromEnv) {
        return new SecretRef(name, env, null, fromEnv, null);
    }

    /** True when Drover supplies the value (from a host variable or file). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean hasSource() { return fromEnv != null || fromFile != null; }
}
