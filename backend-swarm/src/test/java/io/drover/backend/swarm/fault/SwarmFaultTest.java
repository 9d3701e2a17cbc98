package io.drover.backend.swarm.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.transport.DockerHttpClient;
import io.drover.api.ApplyResult;
import io.drover.api.Drover;
import io.drover.api.InstanceStatus;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ConflictException;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.Placement;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.backend.swarm.SwarmBackend;
import io.drover.backend.swarm.SwarmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Failure behaviour on a real multi-node swarm ({@code scripts/swarm-cluster.sh}: a manager and two
 * workers, each its own dockerd in its own network namespace): node loss, automatic rollback, an
 * engine restart in the middle of {@code apply}, and concurrent writers. The class brings the
 * cluster up and always takes it down. Skipped without root or Docker (see {@link SwarmCluster}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SwarmFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private SwarmCluster cluster;
    private InterceptingHttpClient http;
    private SwarmBackend backend;
    private Drover drover;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void clusterUp() {
        cluster = SwarmCluster.requireOrNull();
        if (cluster == null) return;
        cluster.up(2);
        SwarmConfig config = SwarmConfig.of(SwarmCluster.MANAGER_HOST);
        http = new InterceptingHttpClient(SwarmBackend.httpClient(config));
        backend = new SwarmBackend(config, http);
        drover = Drover.builder(backend).retryDeadline(Duration.ofSeconds(90)).build();
    }

    @BeforeEach
    void requireCluster() {
        SwarmCluster.skipIfUnavailable();
    }

    @AfterEach
    void removeServices() {
        if (http != null) http.intercept((request, next) -> next.apply(request));
        if (cluster != null) {
            cluster.start("m");   // no-ops when they run
            cluster.start("1");
            cluster.start("2");
        }
        if (drover == null) return;
        for (String name : created) {
            try {
                drover.delete(name);
            } catch (RuntimeException e) {
                System.err.println("[drover] could not delete " + name + ": " + e.getMessage());
            }
        }
        created.clear();
    }

    @AfterAll
    void clusterDown() {
        try {
            if (drover != null) drover.close();
        } finally {
            if (cluster != null) cluster.down();
        }
    }

    private ServiceSpec.Builder web(String name, int version) {
        created.add(name);
        return ServiceSpec.builder(name).image("drover-test/web:" + version).port(PortSpec.tcp("http", 8080));
    }

    // ------------------------------------------------------------------ (a) node loss

    @Test
    void losingAWorkersEngineShowsNodeDownThenReadyOnceSwarmRescheduled() {
        ServiceSpec spec = web("flt-node", 1).replicas(2)
                .readiness(Probe.http("/cgi-bin/health", "http").everySeconds(2))
                .placement(new Placement(List.of("node.labels.drover.node != manager"), null, null))
                .build();
        drover.apply(spec);
        ServiceStatus before = drover.awaitReady(spec.name(), WAIT);
        assertThat(before.instances()).extracting(InstanceStatus::node).allMatch(n -> n.startsWith("drover-w"));
        String lostNode = before.instances().get(0).node();
        String worker = lostNode.substring("drover-w".length());

        cluster.kill(worker);
        List<ServiceStatus> seen = new CopyOnWriteArrayList<>();
        ServiceStatus nodeDown = await("a NODE_DOWN problem after " + lostNode + " was lost")
                .atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> drover.status(spec.name()).orElseThrow(), s -> {
                    seen.add(s);
                    return s.has(ProblemType.NODE_DOWN);
                });
        assertThat(nodeDown.state()).as("state while %s is down: %s", lostNode, nodeDown.summary())
                .isIn(ServiceState.DEGRADED, ServiceState.PROGRESSING);
        assertThat(nodeDown.problems()).filteredOn(p -> p.type() == ProblemType.NODE_DOWN)
                .allSatisfy(p -> assertThat(p.message()).contains(lostNode));

        ServiceStatus after = drover.awaitReady(spec.name(), WAIT);
        assertThat(after.state()).isEqualTo(ServiceState.READY);
        assertThat(after.ready()).isEqualTo(2);
        assertThat(after.has(ProblemType.NODE_DOWN)).as(after.summary()).isFalse();
        assertThat(after.instances()).filteredOn(InstanceStatus::ready)
                .hasSize(2).extracting(InstanceStatus::node).doesNotContain(lostNode);
    }

    // ------------------------------------------------------------------ (b) automatic rollback

    @Test
    void anUpdateWhoseHealthCheckFailsIsRolledBackAndTheOldVersionKeepsRunning() {
        ServiceSpec v1 = rollbackable(web("flt-unhealthy", 1)).build();
        ServiceSpec v2 = rollbackable(web("flt-unhealthy", 2)).env("DROVER_TEST_UNHEALTHY", "1").build();
        assertRolledBack(v1, v2, ProblemType.ROLLED_BACK);
    }

    @Test
    void anUpdateToAMissingImageIsRolledBackAndTheOldVersionKeepsRunning() {
        ServiceSpec v1 = rollbackable(web("flt-badimage", 1)).build();
        ServiceSpec v2 = rollbackable(web("flt-badimage", 1)).image("drover-test/missing:404").build();
        assertRolledBack(v1, v2, ProblemType.ROLLED_BACK);
    }

    private static ServiceSpec.Builder rollbackable(ServiceSpec.Builder b) {
        return b.replicas(2).readiness(Probe.http("/cgi-bin/health", "http").everySeconds(1))
                .update(new UpdatePolicy(1, UpdateOrder.START_FIRST, FailureAction.ROLLBACK, 5, 0));
    }

    private void assertRolledBack(ServiceSpec v1, ServiceSpec v2, ProblemType expected) {
        assertThat(drover.apply(v1).revision()).isEqualTo(1);
        drover.awaitReady(v1.name(), WAIT);
        ApplyResult update = drover.apply(v2);
        assertThat(update.change()).isEqualTo(ApplyResult.Change.UPDATED);
        assertThat(update.revision()).isEqualTo(2);

        ServiceStatus rolledBack = await("Swarm's automatic rollback of " + v2.name())
                .atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> drover.status(v1.name()).orElseThrow(),
                        s -> s.state() == ServiceState.ROLLED_BACK && s.ready() == 2);
        assertThat(rolledBack.has(expected)).as(rolledBack.summary()).isTrue();
        assertThat(rolledBack.revision()).isEqualTo(1);
        assertThat(rolledBack.spec().image()).isEqualTo(v1.image());
        assertThat(rolledBack.spec().env()).doesNotContainKey("DROVER_TEST_UNHEALTHY");
        assertThat(rolledBack.instances()).filteredOn(InstanceStatus::ready).hasSize(2)
                .allSatisfy(i -> assertThat(i.revision()).isEqualTo(1));
        assertThat(rolledBack.problems()).filteredOn(p -> p.type() == ProblemType.ROLLED_BACK)
                .singleElement().satisfies(p -> assertThat(p.nativeReason()).startsWith("rollback_completed"));
    }

    // ------------------------------------------------------------------ (c) engine restart during apply

    @Test
    void applyConvergesWithNothingDuplicatedWhenTheManagerRestartsMidCall() {
        ServiceSpec spec = web("flt-restart", 1).replicas(2).readiness(Probe.http("/cgi-bin/health", "http").everySeconds(1)).build();

        // the engine creates the service, then dies before its answer arrives
        AtomicBoolean killed = new AtomicBoolean();
        http.intercept((request, next) -> {
            if (request.method().equals("POST") && request.path().endsWith("/services/create") && killed.compareAndSet(false, true)) {
                next.apply(request).close();
                crashManager();
                throw new UncheckedIOException(new IOException("connection reset: the engine died (killed by the test)"));
            }
            return next.apply(request);
        });
        ApplyResult created = drover.apply(spec);
        assertThat(killed).isTrue();
        assertThat(created.revision()).isEqualTo(1);
        assertThat(servicesNamed(spec.name())).hasSize(1);

        // the engine dies before an update reaches it
        ServiceSpec v2 = spec.toBuilder().image("drover-test/web:2").replicas(3).build();
        killed.set(false);
        http.intercept((request, next) -> {
            if (request.method().equals("POST") && request.path().contains("/update") && killed.compareAndSet(false, true)) {
                crashManager();
            }
            return next.apply(request);
        });
        ApplyResult updated = drover.apply(v2);
        assertThat(killed).isTrue();
        assertThat(updated.revision()).isEqualTo(2);
        http.intercept((request, next) -> next.apply(request));

        assertThat(drover.apply(v2).change()).isEqualTo(ApplyResult.Change.UNCHANGED);
        ServiceStatus ready = drover.awaitReady(spec.name(), WAIT);
        assertThat(servicesNamed(spec.name())).hasSize(1)
                .singleElement().satisfies(s -> assertThat(s.getSpec().getMode().getReplicated().getReplicas()).isEqualTo(3L));
        assertThat(ready.revision()).isEqualTo(2);
        assertThat(ready.ready()).isEqualTo(3);
        assertThat(ready.spec().image()).isEqualTo("drover-test/web:2");
    }

    /** SIGKILLs the manager's dockerd and brings it back a moment later, as a crashed and restarted engine. */
    private void crashManager() {
        cluster.kill("m");
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(1_000);
                cluster.start("m");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "restart-manager");
        restart.setDaemon(true);
        restart.start();
    }

    private List<Service> servicesNamed(String name) {
        DockerClient docker = backend.unwrap(DockerClient.class);
        return docker.listServicesCmd().withNameFilter(List.of(name)).exec().stream()
                .filter(s -> name.equals(s.getSpec().getName())).toList();
    }

    // ------------------------------------------------------------------ (d) concurrent writers

    /** One apply a writer made and what came of it. */
    private record Write(String service, String writer, int replicas, ApplyResult result, RuntimeException error) {}

    @Test
    void twentyConcurrentWritersLoseNoUpdate() throws Exception {
        int services = 4, threads = 20, writesPerThread = 3;
        List<String> names = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            ServiceSpec spec = web("flt-race" + s, 1).env("WRITER", "initial").build();
            drover.apply(spec);
            names.add(spec.name());
        }
        List<Write> writes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    String name = names.get(thread % services);
                    for (int w = 0; w < writesPerThread; w++) {
                        String writer = "t" + thread + "-w" + w;
                        int replicas = 1 + (thread + w) % 2;
                        ServiceSpec spec = web(name, 1).env("WRITER", writer).replicas(replicas).build();
                        try {
                            writes.add(new Write(name, writer, replicas, drover.apply(spec), null));
                        } catch (ConflictException e) {
                            writes.add(new Write(name, writer, replicas, null, e));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(4, TimeUnit.MINUTES);   // any other exception fails the test here
        } finally {
            pool.shutdownNow();
        }

        assertThat(writes).hasSize(threads * writesPerThread);
        Map<String, List<Write>> succeeded = new HashMap<>();
        for (Write w : writes) if (w.result() != null) succeeded.computeIfAbsent(w.service(), k -> new ArrayList<>()).add(w);
        DockerClient docker = backend.unwrap(DockerClient.class);
        for (String name : names) {
            List<Write> ok = succeeded.getOrDefault(name, List.of());
            assertThat(ok).as("successful writes to %s", name).isNotEmpty();
            assertThat(ok).allSatisfy(w -> assertThat(w.result().change()).isEqualTo(ApplyResult.Change.UPDATED));
            // every accepted write got its own revision, one after the other: none overwrote another unseen
            Set<Long> revisions = new TreeSet<>();
            ok.forEach(w -> revisions.add(w.result().revision()));
            assertThat(revisions).as("revisions of %s", name).hasSize(ok.size());
            assertThat(revisions).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(2, ok.size() + 1).boxed().toList());
            Write last = ok.stream().max(java.util.Comparator.comparingLong(w -> w.result().revision())).orElseThrow();

            ServiceStatus status = drover.status(name).orElseThrow();
            assertThat(status.revision()).isEqualTo(last.result().revision());
            assertThat(status.spec().env()).containsEntry("WRITER", last.writer());
            assertThat(status.spec().replicas()).isEqualTo(last.replicas());
            Service engine = docker.inspectServiceCmd(name).exec();
            assertThat(engine.getSpec().getTaskTemplate().getContainerSpec().getEnv()).contains("WRITER=" + last.writer());
            assertThat(engine.getSpec().getMode().getReplicated().getReplicas()).isEqualTo((long) last.replicas());
        }
        Map<String, Long> conflicts = new ConcurrentHashMap<>();
        writes.stream().filter(w -> w.error() != null).forEach(w -> conflicts.merge(w.service(), 1L, Long::sum));
        System.out.println("[drover] concurrent writers: " + (writes.size() - conflicts.values().stream().mapToLong(Long::longValue).sum())
                + " writes accepted, conflicts given up after retries per service: " + conflicts);
    }
}
