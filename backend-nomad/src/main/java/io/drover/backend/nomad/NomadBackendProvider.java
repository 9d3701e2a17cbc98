package io.drover.backend.nomad;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.spi.BackendProvider;
import java.util.List;

/**
 * Finds the Nomad backend for {@code Drover.connect("nomad")} and auto-detection: applicable when
 * {@code NOMAD_ADDR} is set; it then ranks above the Swarm and local backends, since an explicitly
 * configured cluster wins over a local engine.
 */
public final class NomadBackendProvider implements BackendProvider {
    /** The priority: above Swarm's (50) and the local backend's. */
    public static final int PRIORITY = 70;

    @Override
    public String name() {
        return NomadBackend.NAME;
    }

    @Override
    public boolean isApplicable() {
        return NomadConfig.probablyAvailable();
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Backend create() {
        return NomadBackend.fromEnvironment();
    }

    /** The rules of {@code spec.extensions.nomad} ({@link NomadSpecRules#extension}). */
    @Override
    public List<Violation> validate(ServiceSpec spec) {
        return NomadSpecRules.extension(spec);
    }
}
