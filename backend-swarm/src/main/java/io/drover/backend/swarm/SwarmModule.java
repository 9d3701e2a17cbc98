package io.drover.backend.swarm;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.drover.api.DroverModule;

/**
 * Guice wiring for the Swarm backend: binds it under {@code "swarm"} in Drover's backend map and
 * binds its {@link SwarmConfig} (from the environment unless one is given).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new DroverModule("swarm"), new SwarmModule());
 * }</pre>
 */
public final class SwarmModule extends AbstractModule {
    private final SwarmConfig config;

    /** Configured from the environment (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). */
    public SwarmModule() {
        this(null);
    }

    /** Configured with {@code config}; null means from the environment. */
    public SwarmModule(SwarmConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        DroverModule.backends(binder()).addBinding(SwarmBackend.NAME).to(SwarmBackend.class);
        bind(SwarmBackend.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    SwarmConfig swarmConfig() {
        return config != null ? config : SwarmConfig.fromEnvironment();
    }
}
