package io.drover.backend.kubernetes;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.spi.BackendProvider;
import java.util.List;

/**
 * Finds the Kubernetes backend for {@code Drover.connect("kubernetes")} and auto-detection:
 * applicable when a kubeconfig file exists (KUBECONFIG or ~/.kube/config) or the in-cluster
 * service account is mounted; it ranks above Swarm and the local backend.
 */
public final class KubernetesBackendProvider implements BackendProvider {
    /** The priority: above Swarm's (50), since a configured cluster is a deliberate choice. */
    public static final int PRIORITY = 70;

    @Override
    public String name() {
        return KubernetesBackend.NAME;
    }

    @Override
    public boolean isApplicable() {
        return KubernetesConfig.probablyAvailable();
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Backend create() {
        return KubernetesBackend.fromEnvironment();
    }

    /** The rules of {@code spec.extensions.kubernetes} ({@link KubernetesSpecRules#extension}). */
    @Override
    public List<Violation> validate(ServiceSpec spec) {
        return KubernetesSpecRules.extension(spec);
    }
}
