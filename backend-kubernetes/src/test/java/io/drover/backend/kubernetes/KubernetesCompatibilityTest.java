package io.drover.backend.kubernetes;

import io.drover.api.Drover;
import io.drover.tck.DroverCompatibilityKit;
import io.drover.tck.TestWorkload;

/**
 * The Drover compatibility kit on a real Kubernetes cluster (scripts/k8s-up.sh makes one on this
 * machine; any cluster the kubeconfig names works). Skipped with one message when no API server
 * answers, unless {@code drover.requireEngines=true}.
 */
class KubernetesCompatibilityTest extends DroverCompatibilityKit {
    @Override
    protected Drover createDrover() {
        return Drover.builder(KubernetesTestEngine.backend()).build();
    }

    @Override
    protected TestWorkload workload() {
        return new KubernetesTestWorkload();
    }
}
