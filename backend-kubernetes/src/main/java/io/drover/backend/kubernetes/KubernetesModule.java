package io.drover.backend.kubernetes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.drover.api.DroverModule;

/**
 * Guice wiring for the Kubernetes backend: binds it under {@code "kubernetes"} in Drover's backend
 * map and binds its {@link KubernetesConfig} (from the environment unless one is given).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new DroverModule("kubernetes"), new KubernetesModule());
 * }</pre>
 */
public final class KubernetesModule extends AbstractModule {
    private final KubernetesConfig config;

    /** Configured from the environment (KUBECONFIG, ~/.kube/config or in-cluster). */
    public KubernetesModule() {
        this(null);
    }

    /** Configured with {@code config}; null means from the environment. */
    public KubernetesModule(KubernetesConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        DroverModule.backends(binder()).addBinding(KubernetesBackend.NAME).to(KubernetesBackend.class);
        bind(KubernetesBackend.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    KubernetesConfig kubernetesConfig() {
        return config != null ? config : KubernetesConfig.fromEnvironment();
    }
}
