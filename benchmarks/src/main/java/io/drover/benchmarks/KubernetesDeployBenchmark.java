package io.drover.benchmarks;

import io.drover.api.BackendInfo;
import io.drover.api.Drover;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.backend.kubernetes.KubernetesBackend;
import io.drover.backend.kubernetes.KubernetesTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures Drover on Kubernetes against kubectl and against the raw limit, on the cluster the
 * kubeconfig names (KUBECONFIG; scripts/k8s-up.sh makes one on this machine), in one run, same spec
 * for all (a Deployment of 3 replicas of drover-test/web:1, port 8080, an HTTP readiness probe
 * every second; the pod template is the one Drover's translator makes, so every contender runs the
 * same pods), rounds interleaved:
 * <ul>
 *   <li>Drover: {@code apply} then {@code awaitReady};</li>
 *   <li>{@code kubectl apply -f} then {@code kubectl rollout status} (both as processes, as a
 *       user types them);</li>
 *   <li>the raw limit: fabric8's create, then a watch on the pods until 3 are ready.</li>
 * </ul>
 * Prints every round, the medians, and as its last two lines the ratios docs/benchmarks.md quotes.
 * Everything it creates is named {@code bench-*}, in the kubeconfig's namespace, and removed after
 * each measurement (its pods waited for), at the end, also on failure, and at the start.
 * System properties: {@code bench.rounds} (default 5), {@code bench.kubectl} (default {@code kubectl}).
 */
public final class KubernetesDeployBenchmark {
    private static final String IMAGE = "drover-test/web:1";
    private static final int REPLICAS = 3;
    private static final String BENCH_LABEL = "drover-bench";
    private static final long SECOND = 1_000_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(180);

    private final KubernetesBackend backend;
    private final Drover drover;
    private final KubernetesClient client;
    private final String namespace;
    private final String kubectl = System.getProperty("bench.kubectl", "kubectl");
    private final Path manifests;

    private KubernetesDeployBenchmark() throws IOException {
        this.backend = KubernetesBackend.fromEnvironment();
        this.drover = Drover.builder(backend).build();
        this.client = backend.unwrap(KubernetesClient.class);
        this.namespace = drover.info().details().get("namespace");
        this.manifests = Files.createTempDirectory("drover-k8s-bench");
    }

    /** Runs the benchmark; exits non-zero when it cannot. */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        KubernetesDeployBenchmark bench = new KubernetesDeployBenchmark();
        try {
            bench.run(rounds);
        } finally {
            bench.cleanUp();
            bench.drover.close();
        }
    }

    private void run(int rounds) throws Exception {
        BackendInfo info = drover.info();
        System.out.printf(Locale.ROOT, "Kubernetes %s at %s, namespace %s, %s; %d rounds, spec: %d x %s, readiness every 1 s%n",
                info.serverVersion(), info.details().get("masterUrl"), namespace, kubectlVersion(), rounds, REPLICAS, IMAGE);
        cleanUp();
        // one unmeasured round of each warms the JIT, the connections, the informers and the node's caches
        double[] m = InterleavedRounds.medians(rounds, List.of(
                new InterleavedRounds.Contender("drover apply+awaitReady", this::drover),
                new InterleavedRounds.Contender("kubectl apply+rollout status", this::kubectl),
                new InterleavedRounds.Contender("raw limit", this::raw)));
        double d = m[0], c = m[1], r = m[2];
        System.out.printf(Locale.ROOT, "median deploy-to-ready: drover %.2f s, kubectl %.2f s, raw limit %.2f s%n", d, c, r);
        System.out.printf(Locale.ROOT, "kubernetes deploy-to-ready vs kubectl: %.2f%n", d / c);
        System.out.printf(Locale.ROOT, "kubernetes deploy-to-ready vs raw limit: %.2f%n", d / r);
    }

    private static ServiceSpec spec(String name) {
        return ServiceSpec.builder(name).image(IMAGE).replicas(REPLICAS).port(PortSpec.tcp("http", 8080))
                .label(BENCH_LABEL, "true").readiness(Probe.http("/cgi-bin/health", "http").everySeconds(1)).build();
    }

    /** The same Deployment without Drover: Drover's pod spec, plain labels, no Drover annotations. */
    private Deployment plain(String name) {
        ServiceSpec spec = spec(name);
        PodSpec pod = new KubernetesTranslator().toNative(spec, namespace, 1, 1, KubernetesTranslator.fingerprint(spec, Map.of()))
                .deployment().getSpec().getTemplate().getSpec();
        Map<String, String> labels = Map.of("app", name, BENCH_LABEL, "true");
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(REPLICAS).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(pod).endTemplate()
                .endSpec().build();
    }

    /** Drover: apply, then awaitReady; seconds. */
    private double drover(int round) {
        String name = "bench-drover-" + round;
        long t0 = System.nanoTime();
        drover.apply(spec(name));
        ServiceStatus ready = drover.awaitReady(name, DEADLINE);
        double seconds = (System.nanoTime() - t0) / (double) SECOND;
        if (ready.ready() != REPLICAS) throw new IllegalStateException(name + " not ready: " + ready.summary());
        remove(name);
        return seconds;
    }

    /** {@code kubectl apply -f} and {@code kubectl rollout status}, as processes; seconds. */
    private double kubectl(int round) throws IOException, InterruptedException {
        String name = "bench-kubectl-" + round;
        Path file = manifests.resolve(name + ".yaml");
        Files.writeString(file, Serialization.asYaml(plain(name)));
        long t0 = System.nanoTime();
        exec(List.of(kubectl, "apply", "-n", namespace, "-f", file.toString()));
        exec(List.of(kubectl, "rollout", "status", "-n", namespace, "deployment/" + name, "--timeout=" + DEADLINE.toSeconds() + "s"));
        double seconds = (System.nanoTime() - t0) / (double) SECOND;
        if (readyPods(name) != REPLICAS) throw new IllegalStateException(name + ": kubectl rollout status returned before 3 pods were ready");
        remove(name);
        return seconds;
    }

    /** fabric8's create, then a watch on the pods until 3 are ready; seconds. */
    private double raw(int round) throws InterruptedException {
        String name = "bench-raw-" + round;
        Deployment d = plain(name);
        Set<String> ready = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(1);
        long t0 = System.nanoTime();
        client.apps().deployments().inNamespace(namespace).resource(d).create();
        try (Watch w = client.pods().inNamespace(namespace).withLabel("app", name).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String id = pod.getMetadata().getName();
                if (action != Action.DELETED && isReady(pod)) ready.add(id);
                else ready.remove(id);
                if (ready.size() >= REPLICAS) done.countDown();
            }

            @Override
            public void onClose(WatcherException cause) {
                done.countDown();
            }
        })) {
            if (!done.await(DEADLINE.toSeconds(), TimeUnit.SECONDS) || ready.size() < REPLICAS) {
                throw new IllegalStateException(name + " did not get ready in " + DEADLINE);
            }
        }
        double seconds = (System.nanoTime() - t0) / (double) SECOND;
        remove(name);
        return seconds;
    }

    private static boolean isReady(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private int readyPods(String name) {
        return (int) client.pods().inNamespace(namespace).withLabel("app", name).list().getItems().stream()
                .filter(KubernetesDeployBenchmark::isReady).count();
    }

    /** Deletes the Deployment and waits until its pods are gone, so that the next measurement starts on a quiet node. */
    private void remove(String name) {
        client.apps().deployments().inNamespace(namespace).withName(name).delete();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            boolean gone = client.apps().deployments().inNamespace(namespace).withName(name).get() == null
                    && client.pods().inNamespace(namespace).withLabel(BENCH_LABEL, "true").list().getItems().isEmpty();
            if (gone) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.err.println("the pods of " + name + " were not gone after 90 s");
    }

    /** Removes every bench-* Deployment (of this run or an earlier, killed one) and waits for their pods. */
    private void cleanUp() {
        try {
            for (Deployment d : client.apps().deployments().inNamespace(namespace).withLabel(BENCH_LABEL, "true").list().getItems()) {
                if (d.getMetadata().getName().startsWith("bench-")) remove(d.getMetadata().getName());
            }
        } catch (RuntimeException e) {
            System.err.println("cannot remove the bench-* Deployments: " + e.getMessage());
        }
    }

    private String kubectlVersion() throws IOException, InterruptedException {
        String out = exec(List.of(kubectl, "version", "--client")).strip();
        return "kubectl " + out.lines().findFirst().orElse("").replace("Client Version: ", "");
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
