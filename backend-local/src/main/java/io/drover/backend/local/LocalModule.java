package io.drover.backend.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.drover.api.DroverModule;
import io.drover.spi.Backend;

/**
 * Guice wiring for the local backend: binds {@link LocalConfig} (the defaults, or the one given) and
 * adds the backend to Drover's backend map under {@code "local"}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new DroverModule("local"), new LocalModule());
 * }</pre>
 */
public final class LocalModule extends AbstractModule {
    private final LocalConfig config;

    /** With {@link LocalConfig#defaults()}. */
    public LocalModule() {
        this(LocalConfig.defaults());
    }

    /** With the given configuration. */
    public LocalModule(LocalConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(LocalConfig.class).toInstance(config);
        DroverModule.backends(binder()).addBinding("local").to(LocalBackend.class);
    }

    @Provides
    @Singleton
    LocalBackend localBackend(LocalConfig config) {
        return new LocalBackend(config);
    }
}
