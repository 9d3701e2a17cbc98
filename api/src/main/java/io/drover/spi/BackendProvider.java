package io.drover.spi;

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
}
