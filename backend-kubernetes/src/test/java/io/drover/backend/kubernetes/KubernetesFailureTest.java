package io.drover.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.ApplyResult;
import io.drover.api.Drover;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdatePolicy;
import io.drover.spi.Backend;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures on a real cluster, diagnosed in kubectl's words: a pod no node has room for, an image
 * that cannot be pulled, a container that keeps exiting, an update whose new version never becomes
 * ready (rolled back automatically), the loss of the node (its kubelet stopped, on the cluster of
 * scripts/k8s-up.sh only: {@link LocalNode}) and twenty threads writing one service at once.
 * Skipped without a cluster (see {@link KubernetesTestEngine}).
 */
class KubernetesFailureTest {
    private Drover drover;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void connect() {
        drover = Drover.builder(KubernetesTestEngine.backend()).build();
    }

    @AfterEach
    void cleanUp() {
        if (drover == null) return;
        created.forEach(drover::delete);
        drover.close();
    }

    private ServiceSpec.Builder service(String suffix) {
        String name = "fail-" + suffix + "-" + Long.toString(new Random().nextInt(1 << 20), 36).toLowerCase(Locale.ROOT);
        created.add(name);
        return new KubernetesTestWorkload().service(name, 1);
    }

    private ServiceStatus await(String name, String what, Predicate<ServiceStatus> condition) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> drover.status(name).filter(condition).orElse(null), s -> s != null);
    }

    private static Problem problem(ServiceStatus s, ProblemType type) {
        return s.problems().stream().filter(p -> p.type() == type).findFirst().orElseThrow();
    }

    @Test
    void aThousandCpusIsUnschedulableWithAHint() {
        String name = drover.apply(service("cpu").requests("1000", null).build()).name();
        ServiceStatus s = await(name, "UNSCHEDULABLE", x -> x.has(ProblemType.UNSCHEDULABLE));
        Problem p = problem(s, ProblemType.UNSCHEDULABLE);
        assertThat(p.message()).contains("Insufficient cpu");
        assertThat(p.hint()).contains("kubectl describe pod");
        assertThat(s.has(ProblemType.INSUFFICIENT_RESOURCES)).isTrue();
        assertThat(s.state()).isEqualTo(ServiceState.PENDING);
    }

    @Test
    void aMissingImageIsImagePullFailed() {
        String name = drover.apply(service("image").image("drover-test/does-not-exist:1").build()).name();
        ServiceStatus s = await(name, "IMAGE_PULL_FAILED", x -> x.has(ProblemType.IMAGE_PULL_FAILED));
        assertThat(problem(s, ProblemType.IMAGE_PULL_FAILED).nativeReason()).isIn("ErrImagePull", "ImagePullBackOff");
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void exitingWithThreeIsACrashLoopWithExitCodeThree() {
        String name = drover.apply(service("exit").command("sh", "-c", "exit 3").build()).name();
        ServiceStatus s = await(name, "CRASH_LOOP", x -> x.has(ProblemType.CRASH_LOOP));
        assertThat(problem(s, ProblemType.CRASH_LOOP).nativeReason()).isEqualTo("CrashLoopBackOff");
        assertThat(problem(s, ProblemType.CRASH_LOOP).hint()).contains("kubectl logs").contains("--previous");
        assertThat(s.instances()).anySatisfy(i -> assertThat(i.lastExitCode()).isEqualTo(3));
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void anUpdateThatNeverGetsReadyIsRolledBack() {
        ServiceSpec v1 = service("rollback").readiness(Probe.http("/cgi-bin/health", "http").everySeconds(1).failingAfter(2))
                .update(new UpdatePolicy(1, null, FailureAction.ROLLBACK, 5, 0)).build();
        long first = drover.apply(v1).revision();
        drover.awaitReady(v1.name(), Duration.ofSeconds(90));
        ServiceSpec bad = v1.toBuilder().image("drover-test/web:2").env("DROVER_TEST_UNHEALTHY", "1").build();
        ApplyResult update = drover.apply(bad);
        assertThat(update.revision()).isGreaterThan(first);
        ServiceStatus s = await(v1.name(), "ROLLED_BACK", x -> x.state() == ServiceState.ROLLED_BACK);
        assertThat(s.revision()).isEqualTo(first);
        assertThat(problem(s, ProblemType.ROLLED_BACK).message()).contains("revision " + update.revision());
        await(v1.name(), "the old pod serving alone", x -> x.ready() == 1 && x.instances().stream().allMatch(i -> i.revision() == first));
    }

    @Test
    void losingTheNodeIsNodeDownAndItsReturnMakesTheServiceReadyAgain() {
        LocalNode node = LocalNode.require(drover.unwrap(KubernetesClient.class));
        ServiceSpec spec = service("node").readiness(Probe.http("/cgi-bin/health", "http").everySeconds(1).failingAfter(2)).build();
        drover.apply(spec);
        drover.awaitReady(spec.name(), Duration.ofSeconds(90));
        try {
            node.stopKubelet();
            ServiceStatus down = await(spec.name(), "NODE_DOWN", x -> x.has(ProblemType.NODE_DOWN));
            Problem p = problem(down, ProblemType.NODE_DOWN);
            assertThat(p.message()).contains(LocalNode.NODE);
            assertThat(p.hint()).contains("kubectl describe node " + LocalNode.NODE);
            await(spec.name(), "no ready instance while the node is down", x -> x.ready() == 0 && x.state() != ServiceState.READY);
        } finally {
            node.startKubelet();
        }
        drover.awaitReady(spec.name(), Duration.ofSeconds(120));
        // the pod can read ready a moment before the informer has the node's own Ready condition
        ServiceStatus back = await(spec.name(), "READY without NODE_DOWN", x -> x.isReady() && !x.has(ProblemType.NODE_DOWN));
        assertThat(back.ready()).isEqualTo(1);
    }

    @Test
    void twentyThreadsOfConcurrentAppliesAndScalesLoseNoUpdate() throws Exception {
        ServiceSpec base = service("race").replicas(0).build();
        long first = drover.apply(base).revision();
        // two backends, as two Drover processes would be: their writes race through the API server and
        // meet resourceVersion conflicts, which the backend itself must retry (no facade retries here)
        try (KubernetesBackend other = KubernetesBackend.fromEnvironment()) {
            Backend[] backends = {drover.unwrap(Backend.class), other};
            ExecutorService pool = Executors.newFixedThreadPool(20);
            Map<String, Long> revisionByWriter = new ConcurrentHashMap<>();
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 20; t++) {
                    int n = t;
                    Backend b = backends[n % 2];
                    done.add(pool.submit(() -> {
                        start.await();
                        if (n < 10) {
                            String writer = "w" + n;
                            revisionByWriter.put(writer, b.apply(base.toBuilder().env("WRITER", writer).build(), Map.of()).revision());
                        } else {
                            b.scale(base.ref(), 0);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);   // no write failed
            } finally {
                pool.shutdownNow();
            }
            // each template change read the revision before it and wrote the next: ten distinct, consecutive revisions
            assertThat(revisionByWriter).hasSize(10);
            assertThat(new TreeSet<>(revisionByWriter.values())).containsExactlyElementsOf(
                    LongStream.rangeClosed(first + 1, first + 10).boxed().toList());
            // and the write numbered last is the one in force, whole
            String lastWriter = revisionByWriter.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            ServiceStatus s = await(base.name(), "revision " + (first + 10), x -> x.revision() == first + 10);
            assertThat(s.spec().env()).containsEntry("WRITER", lastWriter);
            assertThat(s.spec().image()).isEqualTo(base.image());
            assertThat(drover.apply(base.toBuilder().env("WRITER", lastWriter).build()).change()).isEqualTo(ApplyResult.Change.UNCHANGED);
        }
        ServiceSpec last = base.toBuilder().env("WRITER", "final").replicas(2).build();
        assertThat(drover.apply(last).revision()).isEqualTo(first + 11);
        ServiceStatus s = await(base.name(), "the final spec", x -> x.spec() != null && "final".equals(x.spec().env().get("WRITER")));
        assertThat(s.desired()).isEqualTo(2);
        assertThat(drover.apply(last).change()).isEqualTo(ApplyResult.Change.UNCHANGED);
    }
}
