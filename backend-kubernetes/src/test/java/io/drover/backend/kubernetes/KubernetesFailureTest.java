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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures on a real cluster, diagnosed in kubectl's words: a pod no node has room for, an image
 * that cannot be pulled, a container that keeps exiting, and an update whose new version never
 * becomes ready (rolled back automatically). Skipped without a cluster (see {@link KubernetesTestEngine}).
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
    void concurrentAppliesAndScalesLoseNoUpdate() throws Exception {
        ServiceSpec base = service("race").replicas(0).build();
        drover.apply(base);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 20; t++) {
                int n = t;
                done.add(pool.submit(() -> {
                    if (n % 2 == 0) drover.apply(base.toBuilder().env("WRITER", "w" + n).replicas(0).build());
                    else drover.scale(base.name(), 0);
                }));
            }
            for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        // a last writer wins and everything it wrote is there: one of the applied templates, whole
        ServiceSpec last = base.toBuilder().env("WRITER", "final").replicas(2).build();
        drover.apply(last);
        ServiceStatus s = await(base.name(), "the final spec", x -> x.spec() != null && "final".equals(x.spec().env().get("WRITER")));
        assertThat(s.desired()).isEqualTo(2);
        Optional<ServiceStatus> again = drover.status(base.name());
        assertThat(again).isPresent();
        assertThat(drover.apply(last).change()).isEqualTo(ApplyResult.Change.UNCHANGED);
    }
}
