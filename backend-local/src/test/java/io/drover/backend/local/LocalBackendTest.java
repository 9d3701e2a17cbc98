package io.drover.backend.local;

import static io.drover.backend.local.TestSupport.body;
import static io.drover.backend.local.TestSupport.field;
import static io.drover.backend.local.TestSupport.get;
import static io.drover.backend.local.TestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.api.ApplyResult;
import io.drover.api.Drover;
import io.drover.api.Endpoint;
import io.drover.api.EventType;
import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.PortBinding;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.ConflictException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.Probe;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdatePolicy;
import io.drover.spi.Labels;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the local backend with real processes, probes and load balancers. */
class LocalBackendTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Updates that give new instances a full minute to become ready, so that a loaded machine does not roll them back. */
    private static final UpdatePolicy SLOW_START_OK = new UpdatePolicy(null, null, null, 60, null);

    @TempDir
    Path state;

    private LocalBackend backend;
    private Drover drover;

    @BeforeEach
    void start() {
        backend = new LocalBackend(TestSupport.config(state));
        drover = Drover.builder(backend).build();
    }

    @AfterEach
    void stop() {
        drover.close();
    }

    private ServiceStatus awaitStatus(String name, java.util.function.Predicate<ServiceStatus> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> drover.status(name).orElseThrow(), condition);
    }

    @Test
    void eachInstanceGetsItsOwnHostPortPassedAsEnvironment() throws Exception {
        drover.apply(server("ports", 1).replicas(2).build());
        ServiceStatus s = drover.awaitReady("ports", WAIT);

        assertThat(s.instances()).hasSize(2);
        Set<Integer> hostPorts = new HashSet<>();
        for (InstanceStatus i : s.instances()) {
            PortBinding http = i.port("http");
            assertThat(http.host()).isEqualTo("127.0.0.1");
            assertThat(http.containerPort()).isEqualTo(8080);
            assertThat(i.node()).isEqualTo("localhost");
            hostPorts.add(http.hostPort());
            String reply = get("http://127.0.0.1:" + http.hostPort() + "/").body();
            assertThat(field(reply, "instance")).isEqualTo(i.id());
            assertThat(field(reply, "version")).isEqualTo("1");
        }
        assertThat(hostPorts).hasSize(2).doesNotContain(8080);
        assertThat(s.labels()).containsEntry(Labels.MANAGED_BY, "drover").containsEntry(Labels.SERVICE, "ports")
                .containsEntry(Labels.REVISION, "1").containsKey(Labels.SPEC_HASH);
        assertThat(s.spec().replicas()).isEqualTo(2);
        assertThat(s.revision()).isEqualTo(1);
    }

    @Test
    void aPinnedHostPortIsUsedAsIs() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        drover.apply(server("pinned", 1).ports(List.of(io.drover.api.spec.PortSpec.tcp("http", 8080).withHostPort(free))).build());
        ServiceStatus s = drover.awaitReady("pinned", WAIT);
        assertThat(s.instances().get(0).port("http").hostPort()).isEqualTo(free);
        assertThat(field(get("http://127.0.0.1:" + free + "/").body(), "version")).isEqualTo("1");
    }

    @Test
    void aPinnedHostPortHeldByAnotherProcessIsAConflictAndCreatesNothing() throws Exception {
        try (ServerSocket occupied = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = occupied.getLocalPort();
            assertThatThrownBy(() -> drover.apply(server("clash", 1)
                    .ports(List.of(io.drover.api.spec.PortSpec.tcp("http", 8080).withHostPort(port))).build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("port " + port).hasMessageContaining("hostPort");
            assertThat(drover.status("clash")).isEmpty();
        }
    }

    @Test
    void updatingAServiceWithAPinnedHostPortReplacesItsInstance() throws Exception {
        int port = freePort();
        drover.apply(server("pinup", 1).update(SLOW_START_OK).ports(List.of(io.drover.api.spec.PortSpec.tcp("http", 8080).withHostPort(port))).build());
        drover.awaitReady("pinup", WAIT);
        drover.apply(server("pinup", 2).update(SLOW_START_OK).ports(List.of(io.drover.api.spec.PortSpec.tcp("http", 8080).withHostPort(port))).build());
        awaitStatus("pinup", st -> st.isReady() && st.instances().size() == 1 && st.instances().get(0).revision() == 2);
        assertThat(field(get("http://127.0.0.1:" + port + "/").body(), "version")).isEqualTo("2");
    }

    @Test
    void crashingInstanceRestartsAndThenReportsACrashLoopWithItsExitCode() {
        drover.apply(server("crashy", 1).env("DROVER_TEST_CRASH_AFTER_MS", "300").env("DROVER_TEST_EXIT_CODE", "3").build());

        ServiceStatus s = awaitStatus("crashy", st -> st.has(ProblemType.CRASH_LOOP));

        Problem p = s.problems().stream().filter(x -> x.type() == ProblemType.CRASH_LOOP).findFirst().orElseThrow();
        assertThat(p.message()).contains("exit code 3").contains("crashing on purpose with exit code 3");
        assertThat(p.nativeReason()).isEqualTo("BackOff");
        assertThat(p.hint()).isNotBlank();
        assertThat(p.instance()).isEqualTo(s.instances().get(0).id());
        assertThat(s.instances().get(0).restarts()).isGreaterThanOrEqualTo(2);
        assertThat(s.instances().get(0).lastExitCode()).isEqualTo(3);
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void neverRestartPolicyLeavesAFailedInstance() {
        drover.apply(server("once", 1).env("DROVER_TEST_CRASH_AFTER_MS", "200").env("DROVER_TEST_EXIT_CODE", "7")
                .restart(new RestartPolicy(RestartCondition.NEVER, null)).build());
        ServiceStatus s = awaitStatus("once", st -> st.instances().get(0).state() == InstanceState.FAILED);
        assertThat(s.instances().get(0).restarts()).isZero();
        assertThat(s.instances().get(0).lastExitCode()).isEqualTo(7);
        assertThat(s.has(ProblemType.CRASH_LOOP)).isTrue();
        assertThat(s.instances()).hasSize(1);
    }

    @Test
    void livenessFailureRestartsTheInstance() throws Exception {
        drover.apply(server("live", 1).liveness(Probe.http("/health", "http").everySeconds(1).failingAfter(2)).build());
        ServiceStatus s = drover.awaitReady("live", WAIT);
        get("http://127.0.0.1:" + s.instances().get(0).port("http").hostPort() + "/fail");
        ServiceStatus after = awaitStatus("live", st -> st.instances().get(0).restarts() >= 1 && st.isReady());
        assertThat(after.instances().get(0).id()).isEqualTo(s.instances().get(0).id());
    }

    @Test
    void failingReadinessKeepsTrafficAwayFromTheInstance() throws Exception {
        drover.apply(server("gated", 1).replicas(2).readiness(Probe.http("/health", "http").everySeconds(1).failingAfter(1))
                .expose(ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))).build());
        ServiceStatus s = drover.awaitReady("gated", WAIT);
        Endpoint lb = s.endpoints().get(0);
        InstanceStatus sick = s.instances().get(0);
        InstanceStatus healthy = s.instances().get(1);

        get("http://127.0.0.1:" + sick.port("http").hostPort() + "/fail");
        awaitStatus("gated", st -> st.ready() == 1);

        for (int n = 0; n < 6; n++) {
            assertThat(field(body(lb), "instance")).isEqualTo(healthy.id());
        }
        ServiceStatus degraded = drover.status("gated").orElseThrow();
        assertThat(degraded.has(ProblemType.PROBE_FAILING)).isTrue();
        assertThat(degraded.state()).isEqualTo(ServiceState.DEGRADED);

        get("http://127.0.0.1:" + healthy.port("http").hostPort() + "/fail");
        awaitStatus("gated", st -> st.ready() == 0);
        assertThatThrownBy(() -> body(lb)).isInstanceOf(java.io.IOException.class);
        assertThat(drover.status("gated").orElseThrow().has(ProblemType.NO_READY_ENDPOINTS)).isTrue();
    }

    @Test
    void loadBalancerSpreadsRequestsOverReadyInstances() throws Exception {
        drover.apply(server("spread", 1).replicas(3).expose(ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))).build());
        Endpoint lb = drover.awaitReady("spread", WAIT).endpoints().get(0);
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 9; n++) seen.add(field(body(lb), "instance"));
        assertThat(seen).hasSize(3);
    }

    @Test
    void failedRollingUpdateRollsBackAutomaticallyAndKeepsServingTheOldVersion() throws Exception {
        Probe ready = Probe.http("/health", "http").everySeconds(1).failingAfter(1);
        UpdatePolicy update = new UpdatePolicy(1, null, null, 5, null);
        int port = freePort();
        drover.apply(server("roll", 1).readiness(ready).update(update).expose(ExposeSpec.loadBalancer(ExposedPort.of(port, "http"))).build());
        Endpoint lb = drover.awaitReady("roll", WAIT).endpoints().get(0);

        ApplyResult r = drover.apply(server("roll", 2).readiness(ready).update(update).env("DROVER_TEST_UNHEALTHY", "1")
                .expose(ExposeSpec.loadBalancer(ExposedPort.of(port, "http"))).build());
        assertThat(r.change()).isEqualTo(ApplyResult.Change.UPDATED);
        assertThat(r.revision()).isEqualTo(2);
        for (int n = 0; n < 3; n++) assertThat(field(body(lb), "version")).isEqualTo("1");

        ServiceStatus s = drover.awaitReady("roll", WAIT);
        assertThat(s.state()).isEqualTo(ServiceState.ROLLED_BACK);
        assertThat(s.revision()).isEqualTo(1);
        assertThat(s.has(ProblemType.ROLLED_BACK)).isTrue();
        assertThat(s.problems()).filteredOn(p -> p.type() == ProblemType.ROLLED_BACK).first()
                .satisfies(p -> assertThat(p.message()).contains("revision 2").contains("revision 1"));
        await().atMost(WAIT).until(() -> drover.status("roll").orElseThrow().instances().stream().allMatch(i -> i.revision() == 1));
        for (int n = 0; n < 3; n++) assertThat(field(body(lb), "version")).isEqualTo("1");
        assertThat(drover.status("roll").orElseThrow().spec().env()).containsEntry("VERSION", "1");

        ApplyResult fixed = drover.apply(server("roll", 3).readiness(ready).update(update)
                .expose(ExposeSpec.loadBalancer(ExposedPort.of(port, "http"))).build());
        assertThat(fixed.revision()).isEqualTo(3);
        ServiceStatus after = awaitStatus("roll", st -> st.isReady() && st.instances().stream().allMatch(i -> i.revision() == 3));
        assertThat(after.has(ProblemType.ROLLED_BACK)).isFalse();
        assertThat(field(body(lb), "version")).isEqualTo("3");
    }

    @Test
    void rollingUpdateKeepsEveryReplicaReadyAndWaitsBetweenBatches() {
        Probe ready = Probe.http("/health", "http").everySeconds(1).failingAfter(1);
        UpdatePolicy update = new UpdatePolicy(1, io.drover.api.spec.UpdateOrder.START_FIRST, null, 30, 3);
        drover.apply(server("avail", 1).replicas(3).readiness(ready).update(update).build());
        drover.awaitReady("avail", WAIT);
        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        try (Watch w = drover.watch(Selector.all(), e -> { if (e.name().equals("avail")) events.add(e); })) {
            drover.apply(server("avail", 2).replicas(3).readiness(ready).update(update).build());
            awaitStatus("avail", st -> st.isReady() && st.instances().size() == 3 && st.instances().stream().allMatch(i -> i.revision() == 2));
        }
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.status().ready()).as(e.message()).isGreaterThanOrEqualTo(3));
        List<java.time.Instant> starts = events.stream().filter(e -> e.message().matches("instance avail-2-\\w+ started.*"))
                .map(ServiceEvent::time).toList();
        assertThat(starts).hasSize(3);
        for (int n = 1; n < starts.size(); n++) {
            assertThat(Duration.between(starts.get(n - 1), starts.get(n))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void pausedUpdateReportsRolloutStuck() {
        UpdatePolicy pause = new UpdatePolicy(1, null, io.drover.api.spec.FailureAction.PAUSE, 3, null);
        Probe ready = Probe.http("/health", "http").everySeconds(1).failingAfter(1);
        drover.apply(server("stuck", 1).readiness(ready).update(pause).build());
        drover.awaitReady("stuck", WAIT);
        drover.apply(server("stuck", 2).readiness(ready).update(pause).env("DROVER_TEST_UNHEALTHY", "1").build());
        ServiceStatus s = awaitStatus("stuck", st -> st.has(ProblemType.ROLLOUT_STUCK));
        assertThat(s.revision()).isEqualTo(2);
        assertThat(s.ready()).isEqualTo(1);
        assertThat(s.instances()).anyMatch(i -> i.revision() == 1 && i.ready());
    }

    @Test
    void stopFirstUpdateReplacesEveryInstance() {
        UpdatePolicy stopFirst = new UpdatePolicy(2, io.drover.api.spec.UpdateOrder.STOP_FIRST, null, 30, null);
        drover.apply(server("sf", 1).replicas(3).update(stopFirst).build());
        drover.awaitReady("sf", WAIT);
        drover.apply(server("sf", 2).replicas(3).update(stopFirst).build());
        ServiceStatus s = awaitStatus("sf", st -> st.isReady() && st.instances().size() == 3
                && st.instances().stream().allMatch(i -> i.revision() == 2));
        assertThat(s.updated()).isEqualTo(3);
    }

    @Test
    void manualRollbackReturnsToThePreviousRevisionAndWithoutOneIsAConflict() throws Exception {
        drover.apply(server("back", 1).update(SLOW_START_OK).build());
        drover.awaitReady("back", WAIT);
        assertThatThrownBy(() -> drover.rollback("back")).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.isRetryable()).isFalse());

        drover.apply(server("back", 2).update(SLOW_START_OK).build());
        awaitStatus("back", st -> st.isReady() && st.instances().stream().allMatch(i -> i.revision() == 2));
        assertThat(drover.rollback("back")).isEqualTo(1);
        ServiceStatus s = awaitStatus("back", st -> st.isReady() && st.instances().stream().allMatch(i -> i.revision() == 1));
        assertThat(s.revision()).isEqualTo(1);
        assertThat(field(get("http://127.0.0.1:" + s.instances().get(0).port("http").hostPort() + "/").body(), "version")).isEqualTo("1");
    }

    @Test
    void applyTwiceIsANoOpAndReplicasOnlyIsAScale() {
        ServiceSpec spec = server("same", 1).build();
        assertThat(drover.apply(spec).change()).isEqualTo(ApplyResult.Change.CREATED);
        ApplyResult again = drover.apply(spec);
        assertThat(again.change()).isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(again.revision()).isEqualTo(1);
        ApplyResult scaled = drover.apply(spec.withReplicas(2));
        assertThat(scaled.change()).isEqualTo(ApplyResult.Change.SCALED);
        assertThat(scaled.revision()).isEqualTo(1);
        ServiceStatus s = awaitStatus("same", st -> st.isReady() && st.ready() == 2);
        assertThat(s.instances()).allMatch(i -> i.revision() == 1);
    }

    @Test
    void scalingDownAndToZeroKeepsTheService() {
        drover.apply(server("scale", 1).replicas(3).build());
        drover.awaitReady("scale", WAIT);
        drover.scale("scale", 1);
        awaitStatus("scale", st -> st.instances().size() == 1 && st.isReady());
        drover.scale("scale", 0);
        ServiceStatus s = awaitStatus("scale", st -> st.instances().isEmpty());
        assertThat(s.state()).isEqualTo(ServiceState.READY);
        assertThat(s.desired()).isZero();
    }

    @Test
    void exposingOnATakenPortIsAConflictNamingThePortAndChangesNothing() throws Exception {
        drover.apply(server("taken", 1).build());
        try (ServerSocket occupied = new ServerSocket()) {
            occupied.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = occupied.getLocalPort();
            assertThatThrownBy(() -> drover.expose("taken", ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"), ExposedPort.of(port, "http"))))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("port " + port).hasMessageContaining("PORT_CONFLICT");
            assertThat(drover.status("taken").orElseThrow().endpoints()).isEmpty();
            assertThatThrownBy(() -> drover.apply(server("taken2", 1).expose(ExposeSpec.loadBalancer(ExposedPort.of(port, "http"))).build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("port " + port);
            assertThat(drover.status("taken2")).isEmpty();
        }
    }

    @Test
    void exposeReturnsEndpointsAndUnexposeClosesTheListener() throws Exception {
        drover.apply(server("exp", 1).build());
        drover.awaitReady("exp", WAIT);
        int port = freePort();
        List<Endpoint> endpoints = drover.expose("exp", ExposeSpec.loadBalancer(ExposedPort.of(port, "http")));
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.host()).isEqualTo("127.0.0.1");
            assertThat(e.port()).isEqualTo(port);
        });
        assertThat(field(body(endpoints.get(0)), "version")).isEqualTo("1");
        assertThat(drover.status("exp").orElseThrow().endpoints()).isEqualTo(endpoints);
        drover.expose("exp", ExposeSpec.NONE);
        assertThat(drover.status("exp").orElseThrow().endpoints()).isEmpty();
        assertThatThrownBy(() -> body(endpoints.get(0))).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void logsFollowDeliversNewLinesAsTheyAreWritten() throws Exception {
        drover.apply(ServiceSpec.builder("chatty").command("sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done").build());
        List<LogLine> got = new CopyOnWriteArrayList<>();
        Thread reader;
        Stream<LogLine> stream = drover.logs("chatty", LogOptions.follow(0));
        reader = new Thread(() -> stream.forEach(got::add));
        reader.start();
        await().atMost(WAIT).until(() -> got.size() >= 5);
        stream.close();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reader.isAlive()).isFalse();
        List<String> texts = got.stream().map(LogLine::text).filter(t -> t.startsWith("line ")).toList();
        assertThat(texts).hasSizeGreaterThanOrEqualTo(4);
        for (int n = 1; n < texts.size(); n++) {
            assertThat(Integer.parseInt(texts.get(n).substring(5))).isEqualTo(Integer.parseInt(texts.get(n - 1).substring(5)) + 1);
        }
        try (Stream<LogLine> tail = drover.logs("chatty", LogOptions.tail(2))) {
            assertThat(tail.toList()).hasSize(2).allMatch(l -> l.stream() == LogLine.Stream.STDOUT);
        }
        assertThat(state.resolve("logs/chatty")).isDirectoryContaining(p -> p.getFileName().toString().endsWith(".stdout.log"));
    }

    @Test
    void secretsWithAnEnvTargetReachTheProcess() {
        drover.apply(ServiceSpec.builder("secret").command("sh", "-c", "echo \"token is $TOKEN\"; sleep 60")
                .secret(io.drover.api.spec.SecretRef.envFromEnv("api-token", "TOKEN", "PATH")).build());
        await().atMost(WAIT).until(() -> {
            try (Stream<LogLine> l = drover.logs("secret", LogOptions.all())) {
                return l.anyMatch(x -> x.text().startsWith("token is /"));
            }
        });
    }

    @Test
    void watchPushesEveryChangeInOrderUntilClosed() {
        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        Watch w = drover.watch(Selector.all(), events::add);
        drover.apply(server("watched", 1).build());
        drover.awaitReady("watched", WAIT);
        drover.scale("watched", 2);
        awaitStatus("watched", st -> st.ready() == 2);
        drover.delete("watched");
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type() == EventType.DELETED));
        assertThat(events.get(0).type()).isEqualTo(EventType.ADDED);
        assertThat(events).extracting(ServiceEvent::message).anyMatch(m -> m.contains("started"))
                .anyMatch(m -> m.contains("scaled watched from 1 to 2"));
        assertThat(events.get(events.size() - 1).type()).isEqualTo(EventType.DELETED);
        List<Integer> readyCounts = new ArrayList<>();
        for (ServiceEvent e : events) if (e.status() != null) readyCounts.add(e.status().ready());
        assertThat(readyCounts).contains(0, 1, 2);
        w.close();
        int before = events.size();
        drover.apply(server("watched", 1).build());
        drover.awaitReady("watched", WAIT);
        assertThat(events).hasSize(before);
    }

    @Test
    void aSpecWithoutCommandIsRefusedBecauseImagesCannotRun() {
        assertThatThrownBy(() -> drover.apply(ServiceSpec.builder("img").image("nginx:1.27").build()))
                .isInstanceOfSatisfying(CapabilityNotSupportedException.class,
                        e -> assertThat(e.missing()).contains(io.drover.api.Capability.IMAGE_ENTRYPOINT));
        assertThat(drover.status("img")).isEmpty();
    }

    @Test
    void aMissingProgramIsAConfigErrorProblem() {
        drover.apply(ServiceSpec.builder("nope").command("/no/such/program-drover").build());
        ServiceStatus s = awaitStatus("nope", st -> st.has(ProblemType.CONFIG_ERROR));
        assertThat(s.problems()).filteredOn(p -> p.type() == ProblemType.CONFIG_ERROR).first()
                .satisfies(p -> assertThat(p.message()).contains("/no/such/program-drover"));
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void listSelectsByLabel() {
        drover.apply(server("a", 1).label("tier", "web").build());
        drover.apply(server("b", 1).label("tier", "db").build());
        assertThat(drover.list(Selector.label("tier", "web"))).extracting(ServiceStatus::name).containsExactly("a");
        assertThat(drover.list(Selector.all())).extracting(ServiceStatus::name).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void renderedManifestImportsBackToTheSpec() {
        ServiceSpec spec = server("render", 1).replicas(2).build();
        String yaml = drover.render(spec, io.drover.api.RenderFormat.YAML);
        assertThat(yaml).contains("kind: ProcessGroup").contains("DROVER_PORT_HTTP");
        assertThat(drover.importNative(yaml)).isEqualTo(spec);
        assertThat(drover.importNative(drover.render(spec, io.drover.api.RenderFormat.JSON))).isEqualTo(spec);
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
