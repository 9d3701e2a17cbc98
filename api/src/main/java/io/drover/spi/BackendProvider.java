package io.drover.spi;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import java.util.List;

/**
 * Found through {@link java.util.ServiceLoader} so that {@code Drover.connect()} works without
 * Guice: each backend module lists its provider in
 * {@code META-INF/services/io.drover.spi.BackendProvider}.
 */
public interface BackendProvider {
    /** The backend's name: local, swarm, kubernetes, nomad. */
    String name();

    /**
     * Whether this backend can probably be used here (a socket exists, an env variable is set),
     * without slow network calls. Used by auto-detection.
     */
    boolean isApplicable();

    /** Higher wins when several are applicable during auto-detection. The local backend is lowest. */
    int priority();

    /** A backend configured by its ecosystem's conventions (environment, config files). */
    Backend create();

    /**
     * The rules of this backend's extension section ({@code spec.extensions.<name>}) that hold
     * whichever backend the spec is applied to, for offline validation without a connected backend
     * (the CLI's {@code drover validate} runs every installed provider's). Returns every violation,
     * each with its JSON path; empty by default. Like {@link Backend#validate}, {@code spec} may still
     * have neutral violations, and nothing may be contacted. The backend's other limits are its
     * {@link Backend#validate}'s alone: they matter only when the spec is applied there.
     */
    default List<Violation> validate(ServiceSpec spec) {
        return List.of();
    }
}
