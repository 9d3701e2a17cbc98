package io.drover.backend.swarm;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.spi.BackendProvider;
import java.util.List;

/**
 * Finds the Swarm backend for {@code Drover.connect("swarm")} and auto-detection: applicable when
 * {@code DOCKER_HOST} is set or {@code /var/run/docker.sock} exists; it ranks above the local backend.
 */
public final class SwarmBackendProvider implements BackendProvider {
    /** The priority: above the local backend's, below backends configured explicitly for a cluster. */
    public static final int PRIORITY = 50;

    @Override
    public String name() {
        return SwarmBackend.NAME;
    }

    @Override
    public boolean isApplicable() {
        return SwarmConfig.probablyAvailable();
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Backend create() {
        return SwarmBackend.fromEnvironment();
    }

    /** The rules of {@code spec.extensions.swarm} ({@link SwarmSpecRules#extension}). */
    @Override
    public List<Violation> validate(ServiceSpec spec) {
        return SwarmSpecRules.extension(spec);
    }
}
