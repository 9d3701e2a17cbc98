package io.drover.backend.kubernetes;

import io.fabric8.kubernetes.client.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach the Kubernetes API server, by Kubernetes' own conventions, through fabric8's
 * {@link Config#autoConfigure(String)}: the kubeconfig files named by {@code KUBECONFIG} (else
 * {@code ~/.kube/config}) with their current context, or the in-cluster service account. The
 * context's namespace is the default namespace ({@code default} when it names none).
 * Immutable; {@link #client()} hands out a copy of the fabric8 configuration.
 *
 * @param client the fabric8 configuration (copied in and out)
 * @param context the kubeconfig context used, or null (in-cluster or explicit)
 * @param tried what the configuration was read from, for error messages
 */
public record KubernetesConfig(Config client, String context, String tried) {
    /** The service account token file that marks in-cluster configuration. */
    public static final String IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    public KubernetesConfig {
        Objects.requireNonNull(client, "client");
        client = copy(client);
        if (tried == null) tried = "an explicit configuration";
    }

    /** The configuration the environment describes: kubeconfig (KUBECONFIG or ~/.kube/config) or in-cluster. */
    public static KubernetesConfig fromEnvironment() {
        return fromEnvironment(null);
    }

    /** Like {@link #fromEnvironment()}, using the kubeconfig context {@code context} (null = the current one). */
    public static KubernetesConfig fromEnvironment(String context) {
        Config c = Config.autoConfigure(context);
        String used = c.getCurrentContext() == null ? null : c.getCurrentContext().getName();
        return new KubernetesConfig(c, used, describeSources(used));
    }

    /** The configuration in the kubeconfig file {@code kubeconfig}, with its current context. */
    public static KubernetesConfig fromKubeconfig(Path kubeconfig) {
        try {
            Config c = Config.fromKubeconfig(null, kubeconfig.toFile());
            String used = c.getCurrentContext() == null ? null : c.getCurrentContext().getName();
            return new KubernetesConfig(c, used, "kubeconfig " + kubeconfig + (used == null ? "" : " (context " + used + ")"));
        } catch (RuntimeException e) {
            throw new io.drover.api.error.BackendUnavailableException("cannot read the kubeconfig " + kubeconfig + ": " + e.getMessage(),
                    KubernetesBackend.NAME, "connect", null, null, false, e);
        }
    }

    /**
     * Whether a cluster is probably configured here, without a network call: a kubeconfig file
     * exists (KUBECONFIG or ~/.kube/config) or the in-cluster environment is present.
     */
    public static boolean probablyAvailable() {
        if (inCluster()) return true;
        return kubeconfigFiles().stream().anyMatch(Files::isRegularFile);
    }

    /** The API server's URL. */
    public String masterUrl() {
        return client.getMasterUrl();
    }

    /** The namespace used when a spec names none: the context's, else {@code default}. */
    public String namespace() {
        String ns = client.getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }

    /** This configuration with another request timeout (connect and request). */
    public KubernetesConfig withRequestTimeout(Duration timeout) {
        Config c = copy(client);
        c.setRequestTimeout((int) timeout.toMillis());
        c.setConnectionTimeout((int) timeout.toMillis());
        return new KubernetesConfig(c, context, tried);
    }

    @Override
    public Config client() {
        return copy(client);
    }

    @Override
    public String toString() {
        return "KubernetesConfig[" + masterUrl() + ", namespace " + namespace() + ", from " + tried + "]";
    }

    private static Config copy(Config c) {
        return new io.fabric8.kubernetes.client.ConfigBuilder(c).build();
    }

    private static boolean inCluster() {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        return host != null && !host.isBlank() && Files.isRegularFile(Path.of(IN_CLUSTER_TOKEN));
    }

    private static List<Path> kubeconfigFiles() {
        List<Path> out = new ArrayList<>();
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String p : env.split(File.pathSeparator)) if (!p.isBlank()) out.add(Path.of(p));
        } else {
            out.add(Path.of(System.getProperty("user.home"), ".kube", "config"));
        }
        return out;
    }

    private static String describeSources(String context) {
        List<String> parts = new ArrayList<>();
        List<Path> files = kubeconfigFiles();
        parts.add("kubeconfig " + files + (files.stream().anyMatch(Files::isRegularFile) ? "" : " (missing)")
                + (context == null ? "" : " context " + context));
        parts.add("in-cluster service account " + (inCluster() ? "(present)" : "(absent)"));
        return String.join(", ", parts);
    }
}
