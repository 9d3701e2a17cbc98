package io.drover.backend.nomad;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.drover.api.DroverModule;

/**
 * Guice wiring for the Nomad backend: binds it under {@code "nomad"} in Drover's backend map and
 * binds its {@link NomadConfig} (from the NOMAD_* environment unless one is given).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new DroverModule("nomad"), new NomadModule());
 * }</pre>
 */
public final class NomadModule extends AbstractModule {
    private final NomadConfig config;

    /** Configured from the environment (NOMAD_ADDR, NOMAD_TOKEN, NOMAD_NAMESPACE, ...). */
    public NomadModule() {
        this(null);
    }

    /** Configured with {@code config}; null means from the environment. */
    public NomadModule(NomadConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        DroverModule.backends(binder()).addBinding(NomadBackend.NAME).to(NomadBackend.class);
        bind(NomadBackend.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    NomadConfig nomadConfig() {
        return config != null ? config : NomadConfig.fromEnvironment();
    }
}
