package io.drover.backend.local;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.spi.BackendProvider;
import java.util.List;

/**
 * Makes the local backend available to {@code Drover.connect()}: always applicable, lowest priority,
 * so it is chosen only when no other backend is. Configured by {@link LocalConfig#fromEnvironment}
 * (the defaults, unless {@code DROVER_LOCAL_*} variables say otherwise).
 */
public final class LocalBackendProvider implements BackendProvider {
    /** The priority: lower than every other backend's. */
    public static final int PRIORITY = Integer.MIN_VALUE;

    /** For ServiceLoader. */
    public LocalBackendProvider() {}

    @Override
    public String name() {
        return "local";
    }

    /** Always true: every host can run processes. */
    @Override
    public boolean isApplicable() {
        return true;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Backend create() {
        return new LocalBackend(LocalConfig.fromEnvironment(System.getenv()));
    }

    /** The rules of {@code spec.extensions.local} ({@link LocalSpecRules#extension}). */
    @Override
    public List<Violation> validate(ServiceSpec spec) {
        return LocalSpecRules.extension(spec);
    }
}
