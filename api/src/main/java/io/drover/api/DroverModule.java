package io.drover.api;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import io.drover.api.error.BackendUnavailableException;
import io.drover.spi.Backend;
import java.util.Map;
import java.util.Objects;

/**
 * Guice wiring: install it with one or more backend modules (each adds itself to the
 * {@code MapBinder<String, Backend>}) and inject {@link Drover}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new DroverModule("swarm"), new SwarmModule());
 * Drover drover = injector.getInstance(Drover.class);
 * }</pre>
 */
public final class DroverModule extends AbstractModule {
    private final String backendName;
    private final boolean lenient;

    /** Uses the backend bound under {@code backendName}, in strict mode. */
    public DroverModule(String backendName) {
        this(backendName, false);
    }

    /** Uses the backend bound under {@code backendName}; lenient mode downgrades instead of refusing. */
    public DroverModule(String backendName, boolean lenient) {
        this.backendName = Objects.requireNonNull(backendName);
        this.lenient = lenient;
    }

    /** The map binder backend modules add themselves to. */
    public static MapBinder<String, Backend> backends(com.google.inject.Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Backend.class);
    }

    @Override
    protected void configure() {
        backends(binder());
    }

    @Provides
    @Singleton
    Drover drover(Map<String, Provider<Backend>> backends) {
        Provider<Backend> p = backends.get(backendName);
        if (p == null) {
            throw new BackendUnavailableException("no backend module bound for '" + backendName + "' (bound: "
                    + String.join(", ", backends.keySet()) + ")", backendName, "connect", null, null, false, null);
        }
        return Drover.builder(p.get()).lenient(lenient).build();
    }
}
