package io.drover.backend.kubernetes;

import io.drover.api.BackendInfo;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real cluster tests run on: whatever the kubeconfig names (KUBECONFIG, else ~/.kube/config;
 * scripts/k8s-up.sh makes one on this machine and prints its path). When no API server answers,
 * tests that need one are skipped with one clear message, unless the system property
 * {@code drover.requireEngines=true} (set by CI), in which case they fail.
 */
final class KubernetesTestEngine {
    private static final String REASON;
    private static final String SERVER;

    static {
        String reason = null;
        String server = null;
        if (!KubernetesConfig.probablyAvailable()) {
            reason = "no kubeconfig (KUBECONFIG or ~/.kube/config) and no in-cluster service account";
        } else try (KubernetesBackend backend = new KubernetesBackend(KubernetesConfig.fromEnvironment().withRequestTimeout(Duration.ofSeconds(5)))) {
            BackendInfo info = backend.info();
            server = info.serverVersion() + " at " + info.details().get("masterUrl");
        } catch (RuntimeException e) {
            reason = "no Kubernetes API server answers (" + e.getMessage() + ")";
        }
        REASON = reason;
        SERVER = server;
        if (reason != null) System.err.println("[drover] Kubernetes tests need a cluster: " + reason
                + "; run scripts/k8s-up.sh as root and export KUBECONFIG=<the path it prints>");
        else System.err.println("[drover] Kubernetes tests run on " + server);
    }

    private KubernetesTestEngine() {}

    /** Skips the calling test (or fails it when engines are required) unless an API server answers. */
    static void require() {
        if (REASON == null) return;
        String message = "needs a real Kubernetes cluster: " + REASON + "; run scripts/k8s-up.sh as root and export KUBECONFIG";
        if (Boolean.getBoolean("drover.requireEngines")) Assertions.fail(message + " (drover.requireEngines=true)");
        Assumptions.abort(message);
    }

    /** A backend for the cluster the kubeconfig names. */
    static KubernetesBackend backend() {
        require();
        return KubernetesBackend.fromEnvironment();
    }
}
