package io.drover.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverTimeoutException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.LocalExtension;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DroverFacadeTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    static ServiceSpec.Builder web() {
        return ServiceSpec.builder("web").image("nginx:1.27").port("http", 80).replicas(2);
    }

    static Drover strict(FakeBackend backend) {
        return Drover.builder(backend).retryDeadline(Duration.ofSeconds(5)).build();
    }

    static Drover lenient(FakeBackend backend) {
        return Drover.builder(backend).lenient(true).retryDeadline(Duration.ofSeconds(5)).build();
    }

    @Nested
    class Refusals {
        @Test
        void strictModeRefusesMissingCapabilitiesBeforeAnyBackendCall() {
            FakeBackend backend = FakeBackend.without(Capability.UDP, Capability.LIVENESS_PROBE, Capability.RESOURCE_LIMITS);
            ServiceSpec spec = web().port(PortSpec.udp("dns", 53)).liveness(Probe.tcp("http")).limits("1", "1Gi").build();
            CapabilityNotSupportedException e = catchThrowableOfType(CapabilityNotSupportedException.class, () -> strict(backend).apply(spec));
            assertThat(e.uses()).containsExactly(
                    new CapabilityUse(Capability.UDP, "spec.ports[1].protocol"),
                    new CapabilityUse(Capability.RESOURCE_LIMITS, "spec.resources.limits"),
                    new CapabilityUse(Capability.LIVENESS_PROBE, "spec.probes.liveness"));
            assertThat(e.missing()).containsExactly(Capability.UDP, Capability.RESOURCE_LIMITS, Capability.LIVENESS_PROBE);
            assertThat(e.getMessage()).contains("spec.ports[1].protocol: needs udp", "spec.resources.limits: needs resource-limits",
                    "spec.probes.liveness: needs liveness-probe").contains("fake");
            assertThat(e.service()).isEqualTo("web");
            assertThat(backend.calls).isEmpty();
        }

        @Test
        void renderIsRefusedLikeApply() {
            FakeBackend backend = FakeBackend.without(Capability.HOST_PORT);
            ServiceSpec spec = web().replicas(1).ports(List.of(PortSpec.tcp("http", 80).withHostPort(8080))).build();
            assertThatThrownBy(() -> strict(backend).render(spec, RenderFormat.YAML)).isInstanceOf(CapabilityNotSupportedException.class)
                    .hasMessageContaining("spec.ports[0].hostPort");
            assertThat(backend.calls).isEmpty();
        }

        @Test
        void anInvalidSpecNeverReachesTheBackend() {
            FakeBackend backend = new FakeBackend();
            ServiceSpec spec = web().replicas(-1).port("metrics", 70000).build();
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> strict(backend).apply(spec));
            assertThat(e.violations()).containsExactly(new Violation("spec.replicas", "must be 0 or more, was -1"),
                    new Violation("spec.ports[1].containerPort", "must be 1..65535, was 70000"));
            assertThatThrownBy(() -> strict(backend).render(spec, RenderFormat.JSON)).isInstanceOf(InvalidSpecException.class);
            assertThat(backend.calls).isEmpty();
        }

        @Test
        void neutralAndBackendViolationsAreReportedTogetherBeforeAnyBackendWrite() {
            FakeBackend backend = new FakeBackend();
            backend.rules = spec -> spec.extensions().local() == null ? List.of()
                    : List.of(new Violation("spec.extensions.local.workingDirectory", "must not be empty"));
            ServiceSpec spec = web().replicas(-1).extensions(new Extensions(null, null, null, new LocalExtension(" ", null))).build();
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> strict(backend).apply(spec));
            assertThat(e.violations()).containsExactly(new Violation("spec.replicas", "must be 0 or more, was -1"),
                    new Violation("spec.extensions.local.workingDirectory", "must not be empty"));
            assertThat(catchThrowableOfType(InvalidSpecException.class, () -> strict(backend).render(spec, RenderFormat.YAML)).violations())
                    .isEqualTo(e.violations());
            assertThat(backend.calls).isEmpty();
        }

        @Test
        void aSpecOnlyTheBackendObjectsToIsRefusedBeforeTheCapabilityCheck() {
            FakeBackend backend = FakeBackend.without(Capability.RESOURCE_LIMITS);
            backend.rules = spec -> List.of(new Violation("spec.placement.maxPerNode", "fake caps instances per node at 1"));
            ServiceSpec spec = web().limits("1", "1Gi").build();
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> lenient(backend).apply(spec));
            assertThat(e.violations()).containsExactly(new Violation("spec.placement.maxPerNode", "fake caps instances per node at 1"));
            assertThat(backend.calls).isEmpty();
        }

        @Test
        void lenientModeChecksTheDowngradedSpecAgainstTheBackendsRulesToo() {
            FakeBackend backend = FakeBackend.without(Capability.EXPOSE_LOAD_BALANCER);
            backend.rules = spec -> spec.exposeOrNone().type() == ExposeType.NODE_PORT
                    ? List.of(new Violation("spec.expose.ports[0].nodePort", "fake pins node ports only in ingress mode")) : List.of();
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                    () -> lenient(backend).apply(web().expose(ExposeSpec.loadBalancer(ExposedPort.of(80, "http"))).build()));
            assertThat(e.violations()).containsExactly(new Violation("spec.expose.ports[0].nodePort", "fake pins node ports only in ingress mode"));
            assertThat(backend.callsOf("apply")).isEmpty();
        }

        @Test
        void scaleRefusesReplicaCountsOutOfRange() {
            FakeBackend backend = new FakeBackend();
            Drover drover = strict(backend);
            assertThat(catchThrowableOfType(InvalidSpecException.class, () -> drover.scale("web", -1)).violations())
                    .containsExactly(new Violation("replicas", "must be 0..10000, was -1"));
            assertThatThrownBy(() -> drover.scale("web", 10_001)).isInstanceOf(InvalidSpecException.class);
            assertThatThrownBy(() -> drover.scale(" ", 1)).isInstanceOf(InvalidSpecException.class).hasMessageContaining("name: is required");
            assertThat(backend.calls).isEmpty();
        }

        @Test
        void rollbackLogsAndWatchNeedTheirCapabilities() {
            FakeBackend backend = FakeBackend.without(Capability.MANUAL_ROLLBACK, Capability.LOGS, Capability.WATCH);
            Drover drover = strict(backend);
            assertThat(catchThrowableOfType(CapabilityNotSupportedException.class, () -> drover.rollback("web")).uses())
                    .containsExactly(new CapabilityUse(Capability.MANUAL_ROLLBACK, "rollback"));
            assertThat(catchThrowableOfType(CapabilityNotSupportedException.class, () -> drover.logs("web", LogOptions.all())).missing())
                    .containsExactly(Capability.LOGS);
            assertThat(catchThrowableOfType(CapabilityNotSupportedException.class, () -> drover.watch(Selector.all(), e -> { })).missing())
                    .containsExactly(Capability.WATCH);
            assertThat(backend.calls).isEmpty();
        }

        @Test
        void rollbackAsyncFailsWithTheRefusal() {
            FakeBackend backend = FakeBackend.without(Capability.MANUAL_ROLLBACK);
            CompletableFuture<Long> f = strict(backend).rollbackAsync("web");
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CapabilityNotSupportedException.class);
            assertThat(backend.calls).isEmpty();
        }
    }

    @Nested
    class Lenient {
        @Test
        void separateProbesAreMergedIntoTheReadinessCheck() {
            FakeBackend backend = FakeBackend.without(Capability.SEPARATE_PROBES);
            ApplyResult r = lenient(backend).apply(web().readiness(Probe.http("/ready", "http")).liveness(Probe.tcp("http"))
                    .startup(Probe.exec("true")).build());
            assertThat(r.downgrades()).containsExactly(
                    new Downgrade("spec.probes.liveness", Capability.SEPARATE_PROBES, "liveness dropped: the readiness probe is the single health check"),
                    new Downgrade("spec.probes.startup", Capability.SEPARATE_PROBES, "startup dropped: the readiness probe is the single health check"));
            assertThat(backend.lastApplied.probes().readiness()).isEqualTo(Probe.http("/ready", "http"));
            assertThat(backend.lastApplied.probes().liveness()).isNull();
            assertThat(backend.lastApplied.probes().startup()).isNull();
        }

        @Test
        void limitsAreDropped() {
            FakeBackend backend = FakeBackend.without(Capability.RESOURCE_LIMITS);
            ApplyResult r = lenient(backend).apply(web().requests("100m", "64Mi").limits("1", "1Gi").build());
            assertThat(r.downgrades()).containsExactly(new Downgrade("spec.resources.limits", Capability.RESOURCE_LIMITS, "limits ignored: instances are not capped"));
            assertThat(r.downgrades().get(0).toString()).isEqualTo("spec.resources.limits: limits ignored: instances are not capped (backend lacks resource-limits)");
            assertThat(backend.lastApplied.resources().limits().isEmpty()).isTrue();
            assertThat(backend.lastApplied.resources().requests().cpu().toMilli()).isEqualTo(100);
        }

        @Test
        void httpProbesBecomeTcpProbesOnTheSamePort() {
            FakeBackend backend = FakeBackend.without(Capability.PROBE_HTTP);
            ApplyResult r = lenient(backend).apply(web().readiness(Probe.http("/ready", "http").everySeconds(3)).build());
            assertThat(r.downgrades()).containsExactly(new Downgrade("spec.probes.readiness.http", Capability.PROBE_HTTP,
                    "checked as a TCP connect to the same port instead of HTTP GET"));
            assertThat(backend.lastApplied.probes().readiness()).isEqualTo(Probe.tcp("http").everySeconds(3));
        }

        @Test
        void exposureFallsBackToTheNearestType() {
            FakeBackend backend = FakeBackend.without(Capability.EXPOSE_LOAD_BALANCER);
            ApplyResult r = lenient(backend).apply(web().expose(ExposeSpec.loadBalancer(ExposedPort.of(80, "http"))).build());
            assertThat(r.downgrades()).containsExactly(new Downgrade("spec.expose.type", Capability.EXPOSE_LOAD_BALANCER,
                    "exposed as NODE_PORT instead of LOAD_BALANCER"));
            assertThat(backend.lastApplied.expose()).isEqualTo(ExposeSpec.of(ExposeType.NODE_PORT, ExposedPort.of(80, "http")));
        }

        @Test
        void strictModeReportsNoDowngrades() {
            FakeBackend backend = new FakeBackend();
            assertThat(strict(backend).apply(web().build()).downgrades()).isEmpty();
            assertThat(strict(backend).isLenient()).isFalse();
            assertThat(lenient(backend).isLenient()).isTrue();
        }

        @Test
        void capabilitiesWithoutAnHonestDowngradeAreStillRefused() {
            FakeBackend backend = FakeBackend.without(Capability.UDP, Capability.IMAGE_ENTRYPOINT, Capability.SECRETS_ENV, Capability.RESOURCE_LIMITS);
            ServiceSpec spec = web().port(PortSpec.udp("dns", 53)).secret(new SecretRef("db", "DB", null, null, null)).limits("1", null).build();
            CapabilityNotSupportedException e = catchThrowableOfType(CapabilityNotSupportedException.class, () -> lenient(backend).apply(spec));
            assertThat(e.uses()).containsExactly(
                    new CapabilityUse(Capability.IMAGE_ENTRYPOINT, "spec.command"),
                    new CapabilityUse(Capability.SECRETS_ENV, "spec.secrets[0].env"),
                    new CapabilityUse(Capability.UDP, "spec.ports[1].protocol"));
            assertThat(backend.callsOf("apply")).isEmpty();
        }
    }

    @Nested
    class Retries {
        @Test
        void retryableFailuresAreRetriedUntilSuccess() {
            FakeBackend backend = new FakeBackend();
            backend.failures.add(new BackendUnavailableException("connection refused", "fake", "apply", "web", null, true, null));
            backend.failures.add(new ConflictException("update out of sequence", "fake", "apply", "web", 409, true, null));
            ApplyResult r = strict(backend).apply(web().build());
            assertThat(r.change()).isEqualTo(ApplyResult.Change.CREATED);
            assertThat(backend.callsOf("apply")).hasSize(3);
        }

        @Test
        void retriesGiveUpAfterTheDeadlineWithTheLastFailure() {
            FakeBackend backend = new FakeBackend();
            for (int i = 0; i < 1000; i++) backend.failures.add(new ConflictException("busy " + i, "fake", "scale", "web", 409, true, null));
            Drover drover = Drover.builder(backend).retryDeadline(Duration.ofMillis(800)).build();
            long start = System.nanoTime();
            ConflictException e = catchThrowableOfType(ConflictException.class, () -> drover.scale("web", 2));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int attempts = backend.callsOf("scale").size();
            assertThat(attempts).isBetween(2, 20);
            assertThat(e.detail()).isEqualTo("busy " + (attempts - 1));
            assertThat(elapsedMs).isGreaterThanOrEqualTo(300).isLessThan(20_000);
        }

        @Test
        void nonRetryableFailuresAreThrownAtOnce() {
            FakeBackend backend = new FakeBackend();
            backend.failures.add(new ConflictException("no previous revision", "fake", "delete", "web", 409, false, null));
            assertThatThrownBy(() -> strict(backend).delete("web")).isInstanceOf(ConflictException.class).hasMessageContaining("no previous revision");
            assertThat(backend.callsOf("delete")).hasSize(1);
        }

        @Test
        void otherExceptionsAreNotRetried() {
            FakeBackend backend = new FakeBackend();
            backend.failures.add(new IllegalStateException("bug"));
            assertThatThrownBy(() -> strict(backend).status("web")).isInstanceOf(IllegalStateException.class);
            assertThat(backend.callsOf("status")).hasSize(1);
        }
    }

    @Nested
    class AwaitReady {
        final FakeBackend backend = new FakeBackend();
        final Drover drover = strict(backend);
        final List<ServiceStatus> seen = new CopyOnWriteArrayList<>();

        CompletableFuture<ServiceStatus> waitFor(String name, Duration timeout) {
            backend.services.putIfAbsent("web", FakeBackend.status("web", ServiceState.PROGRESSING, 0, 3, null));
            CompletableFuture<ServiceStatus> f = CompletableFuture.supplyAsync(() -> drover.awaitReady(name, timeout, seen::add), pool);
            await().atMost(WAIT).until(() -> !backend.listeners.isEmpty() && !seen.isEmpty() || f.isDone());
            return f;
        }

        void push(ServiceState state, int ready, Problem... problems) {
            backend.push(new ServiceEvent(EventType.MODIFIED, "web", FakeBackend.status("web", state, ready, 3, null, problems), "changed", null));
        }

        @Test
        void returnsTheReadyStatusPushedByTheBackend() throws Exception {
            CompletableFuture<ServiceStatus> f = waitFor("web", WAIT);
            backend.push(new ServiceEvent(EventType.MODIFIED, "other", FakeBackend.status("other", ServiceState.READY, 1, 1, null), "", null));
            push(ServiceState.PROGRESSING, 1);
            assertThat(f).isNotDone();
            push(ServiceState.READY, 3);
            ServiceStatus s = f.get(30, TimeUnit.SECONDS);
            assertThat(s.state()).isEqualTo(ServiceState.READY);
            assertThat(s.ready()).isEqualTo(3);
            assertThat(backend.listeners).isEmpty();
        }

        @Test
        void theProgressCallbackSeesEveryStatus() throws Exception {
            CompletableFuture<ServiceStatus> f = waitFor("web", WAIT);
            push(ServiceState.PENDING, 0, Problem.of(ProblemType.UNSCHEDULABLE, "no room"));
            push(ServiceState.PROGRESSING, 2);
            push(ServiceState.READY, 3);
            f.get(30, TimeUnit.SECONDS);
            assertThat(seen).extracting(ServiceStatus::state)
                    .containsExactly(ServiceState.PROGRESSING, ServiceState.PENDING, ServiceState.PROGRESSING, ServiceState.READY);
        }

        @Test
        void returnsFailedAsASettledState() throws Exception {
            CompletableFuture<ServiceStatus> f = waitFor("web", WAIT);
            push(ServiceState.FAILED, 0, Problem.of(ProblemType.CRASH_LOOP, "exit 1", "web.1", "CrashLoopBackOff"));
            ServiceStatus s = f.get(30, TimeUnit.SECONDS);
            assertThat(s.state()).isEqualTo(ServiceState.FAILED);
            assertThat(s.has(ProblemType.CRASH_LOOP)).isTrue();
        }

        @Test
        void returnsRolledBackAsASettledState() throws Exception {
            CompletableFuture<ServiceStatus> f = waitFor("web", WAIT);
            push(ServiceState.ROLLED_BACK, 3, Problem.of(ProblemType.ROLLED_BACK, "update failed"));
            assertThat(f.get(30, TimeUnit.SECONDS).state()).isEqualTo(ServiceState.ROLLED_BACK);
        }

        @Test
        void returnsAtOnceWhenAlreadyReady() {
            backend.services.put("web", FakeBackend.status("web", ServiceState.READY, 3, 3, null));
            assertThat(drover.awaitReady("web", WAIT).state()).isEqualTo(ServiceState.READY);
            assertThat(backend.listeners).isEmpty();
        }

        @Test
        void aTimeoutCarriesTheLastStatusAndItsProblems() {
            backend.services.put("web", FakeBackend.status("web", ServiceState.PENDING, 0, 3, null, Problem.of(ProblemType.UNSCHEDULABLE, "no node has room")));
            assertThatThrownBy(() -> drover.awaitReady("web", Duration.ofMillis(1500))).isInstanceOfSatisfying(DroverTimeoutException.class, e -> {
                assertThat(e.lastStatus().state()).isEqualTo(ServiceState.PENDING);
                assertThat(e.lastStatus().has(ProblemType.UNSCHEDULABLE)).isTrue();
                assertThat(e.getMessage()).contains("timed out after 1500 ms").contains("UNSCHEDULABLE").contains("no node has room");
                assertThat(e.service()).isEqualTo("web");
            });
            assertThat(backend.listeners).isEmpty();
        }

        @Test
        void itWatchesOnlyTheServiceItWaitsFor() {
            waitFor("web", WAIT);
            assertThat(backend.watchSelectors).containsExactly(Selector.named("web"));
            push(ServiceState.READY, 3);
        }

        @Test
        void aWatchThatEndsWhileWaitingFailsTheWaitAtOnceWithItsCause() {
            CompletableFuture<ServiceStatus> f = waitFor("web", Duration.ofMinutes(10));
            BackendUnavailableException gone = new BackendUnavailableException("the daemon went away", "fake", "watch", null, null, true, null);
            backend.listeners.forEach(l -> l.onClose(gone));
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isSameAs(gone);
            assertThat(backend.listeners).isEmpty();
        }

        @Test
        void deletionWhileWaitingIsServiceNotFound() {
            CompletableFuture<ServiceStatus> f = waitFor("web", WAIT);
            backend.push(new ServiceEvent(EventType.DELETED, "web", null, "deleted", null));
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(ServiceNotFoundException.class)
                    .hasMessageContaining("service 'web' not found");
            assertThat(backend.listeners).isEmpty();
        }

        @Test
        void aMissingServiceIsServiceNotFound() {
            assertThatThrownBy(() -> drover.awaitReady("ghost", WAIT)).isInstanceOf(ServiceNotFoundException.class)
                    .hasMessageContaining("service 'ghost' not found");
            assertThat(backend.listeners).isEmpty();
        }

        @Test
        void withoutWatchItPollsUntilReady() throws Exception {
            FakeBackend polled = FakeBackend.without(Capability.WATCH);
            polled.services.put("web", FakeBackend.status("web", ServiceState.PROGRESSING, 0, 1, null));
            CompletableFuture<ServiceStatus> f = CompletableFuture.supplyAsync(() -> strict(polled).awaitReady("web", WAIT), pool);
            await().atMost(WAIT).until(() -> polled.callsOf("status").size() >= 2);
            polled.services.put("web", FakeBackend.status("web", ServiceState.READY, 1, 1, null));
            assertThat(f.get(30, TimeUnit.SECONDS).state()).isEqualTo(ServiceState.READY);
            assertThat(polled.callsOf("watch")).isEmpty();
        }

        @Test
        void withoutWatchTheTimeoutIsHonouredOnce() {
            FakeBackend polled = FakeBackend.without(Capability.WATCH);
            polled.services.put("web", FakeBackend.status("web", ServiceState.PROGRESSING, 0, 1, null));
            long start = System.nanoTime();
            assertThatThrownBy(() -> strict(polled).awaitReady("web", Duration.ofSeconds(2))).isInstanceOf(DroverTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(1900L, 3900L);
        }

        @Test
        void awaitReadyAsyncCompletes() throws Exception {
            backend.services.put("web", FakeBackend.status("web", ServiceState.READY, 3, 3, null));
            assertThat(drover.awaitReadyAsync("web", WAIT).get(30, TimeUnit.SECONDS).isReady()).isTrue();
        }
    }

    @Nested
    class Expose {
        final FakeBackend backend = new FakeBackend();
        final Drover drover = strict(backend);

        @Test
        void exposeIsValidatedAgainstTheDeclaredPorts() {
            drover.apply(web().build());
            backend.calls.clear();
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                    () -> drover.expose("web", ExposeSpec.loadBalancer(ExposedPort.of(80, "admin"), ExposedPort.of(0, "http"))));
            assertThat(e.violations()).containsExactly(
                    new Violation("spec.expose.ports[0].targetPort", "names no declared port: 'admin' (declared: http)"),
                    new Violation("spec.expose.ports[1].port", "must be 1..65535, was 0"));
            assertThat(backend.callsOf("expose")).isEmpty();
        }

        @Test
        void exposeReportsTheBackendsObjectionsToTheExposureOnly() {
            drover.apply(web().build());
            backend.calls.clear();
            backend.rules = spec -> spec.exposeOrNone().type() != ExposeType.NODE_PORT
                    ? List.of(new Violation("spec.placement", "not about the exposure"))
                    : List.of(new Violation("spec.placement", "not about the exposure"),
                            new Violation("spec.expose.ports[0].nodePort", "fake pins node ports only in ingress mode"));
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                    () -> drover.expose("web", ExposeSpec.of(ExposeType.NODE_PORT, new ExposedPort(8080, "http", 30080))));
            assertThat(e.violations()).containsExactly(new Violation("spec.expose.ports[0].nodePort", "fake pins node ports only in ingress mode"));
            assertThat(backend.callsOf("expose")).isEmpty();
        }

        @Test
        void aValidExposureReturnsTheEndpoints() {
            drover.apply(web().build());
            List<Endpoint> endpoints = drover.expose("web", ExposeSpec.of(ExposeType.NODE_PORT, ExposedPort.of(8080, "http")));
            assertThat(endpoints).extracting(Endpoint::address).containsExactly("127.0.0.1:8080");
            assertThat(endpoints.get(0).url()).isEqualTo("http://127.0.0.1:8080");
        }

        @Test
        void exposeNeedsTheExposureCapability() {
            FakeBackend limited = FakeBackend.without(Capability.EXPOSE_NODE_PORT);
            Drover d = strict(limited);
            d.apply(web().build());
            assertThat(catchThrowableOfType(CapabilityNotSupportedException.class,
                    () -> d.expose("web", ExposeSpec.of(ExposeType.NODE_PORT, ExposedPort.of(8080, "http")))).uses())
                    .containsExactly(new CapabilityUse(Capability.EXPOSE_NODE_PORT, "spec.expose.type"));
            assertThat(limited.callsOf("expose")).isEmpty();
        }

        @Test
        void exposingAMissingServiceIsServiceNotFound() {
            assertThatThrownBy(() -> drover.expose("ghost", ExposeSpec.NONE)).isInstanceOf(ServiceNotFoundException.class);
            assertThat(backend.callsOf("expose")).isEmpty();
        }
    }

    @Nested
    class Secrets {
        final FakeBackend backend = new FakeBackend();

        @Test
        void aCustomResolverSuppliesTheValuesPassedToTheBackend() {
            AtomicInteger asked = new AtomicInteger();
            SecretResolver vault = (ref, path) -> {
                asked.incrementAndGet();
                assertThat(path).isEqualTo("spec.secrets[0]");
                return Optional.of(SecretValue.of("vault:" + ref.fromEnv()));
            };
            Drover drover = Drover.builder(backend).secretResolver(vault).build();
            drover.apply(web().secret(SecretRef.envFromEnv("db", "DB_PASSWORD", "VAULT_KEY")).build());
            assertThat(asked).hasValue(1);
            assertThat(backend.lastSecrets).containsOnlyKeys("db");
            assertThat(backend.lastSecrets.get("db").reveal()).isEqualTo("vault:VAULT_KEY");
        }

        @Test
        void theHostResolverReadsAFile(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("db.txt");
            Files.writeString(file, "s3cr3t-from-file");
            strict(backend).apply(web().secret(new SecretRef("db", null, "/run/db", null, file.toString())).build());
            assertThat(backend.lastSecrets.get("db").reveal()).isEqualTo("s3cr3t-from-file");
        }

        @Test
        void theHostResolverReadsAnEnvironmentVariable() {
            String name = System.getenv().keySet().stream().filter(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*") && !System.getenv(k).isEmpty())
                    .sorted().findFirst().orElseThrow();
            strict(backend).apply(web().secret(SecretRef.envFromEnv("db", "DB", name)).build());
            assertThat(backend.lastSecrets.get("db").reveal()).isEqualTo(System.getenv(name));
        }

        @Test
        void secretsWithoutASourceAreLeftToTheBackendsStore() {
            strict(backend).apply(web().secret(new SecretRef("db", "DB", null, null, null)).build());
            assertThat(backend.lastSecrets).isEmpty();
        }

        @Test
        void aMissingSourceStopsTheApplyBeforeTheBackend() {
            String unset = "DROVER_TEST_SURELY_UNSET_" + System.nanoTime();
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                    () -> strict(backend).apply(web().secret(SecretRef.envFromEnv("db", "DB", unset)).build()));
            assertThat(e.violations()).containsExactly(new Violation("spec.secrets[0].fromEnv", "the host environment variable " + unset + " is not set"));
            assertThat(backend.callsOf("apply")).isEmpty();
        }
    }

    @Nested
    class PassThrough {
        final FakeBackend backend = new FakeBackend();
        final Drover drover = strict(backend);

        @Test
        void aNamespacedFacadeNamesItsNamespaceInEveryCall() {
            Drover teamA = drover.inNamespace("team-a");
            assertThat(teamA.namespace()).isEqualTo("team-a");
            teamA.apply(web().build());
            teamA.scale("web", 2);
            teamA.status("web");
            teamA.delete("web");
            assertThat(backend.calls).contains("scale team-a/web 2", "status team-a/web", "delete team-a/web");
            assertThat(backend.applied).last().satisfies(spec -> assertThat(spec.namespace()).isEqualTo("team-a"));
            teamA.list(Selector.all());
            teamA.watch(Selector.all(), e -> { }).close();
            assertThat(backend.watchSelectors).last().satisfies(sel -> assertThat(sel.namespace()).isEqualTo("team-a"));
            drover.status("web");
            assertThat(backend.calls).last().isEqualTo("status web");
        }

        @Test
        void aSpecNamingAnotherNamespaceThanItsFacadeIsRefusedBeforeTheBackendIsCalled() {
            Drover teamA = drover.inNamespace("team-a");
            assertThatThrownBy(() -> teamA.apply(web().namespace("team-b").build())).isInstanceOfSatisfying(InvalidSpecException.class,
                    e -> assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.path()).isEqualTo("metadata.namespace");
                        assertThat(v.message()).contains("team-b").contains("team-a");
                    }));
            assertThat(backend.callsOf("apply")).isEmpty();
            assertThat(teamA.apply(web().namespace("team-a").build()).change()).isEqualTo(ApplyResult.Change.CREATED);
        }

        @Test
        void anInvalidNamespaceIsRefusedWithItsPath() {
            assertThatThrownBy(() -> drover.inNamespace("Team_A")).isInstanceOfSatisfying(InvalidSpecException.class,
                    e -> assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.path()).isEqualTo("namespace")));
            assertThatThrownBy(() -> drover.apply(web().namespace("Team_A").build())).isInstanceOfSatisfying(InvalidSpecException.class,
                    e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo("metadata.namespace")));
            assertThat(backend.callsOf("apply")).isEmpty();
        }

        @Test
        void closingANamespacedFacadeLeavesTheSharedBackendOpen() {
            drover.inNamespace("team-a").close();
            assertThat(backend.closed).isFalse();
            drover.close();
            assertThat(backend.closed).isTrue();
        }

        @Test
        void readOperationsReachTheBackend() {
            drover.apply(web().label("tier", "web").build());
            assertThat(drover.status("web")).map(ServiceStatus::name).contains("web");
            assertThat(drover.status("ghost")).isEmpty();
            assertThat(drover.list(Selector.label("tier", "web"))).extracting(ServiceStatus::name).containsExactly("web");
            assertThat(drover.list(Selector.label("tier", "db"))).isEmpty();
            backend.logLines = List.of(new LogLine("web.1", LogLine.Stream.STDOUT, null, "hello"));
            try (var lines = drover.logs("web", LogOptions.tail(10))) {
                assertThat(lines.map(LogLine::text).collect(Collectors.toList())).containsExactly("hello");
            }
            List<ServiceEvent> events = new CopyOnWriteArrayList<>();
            try (Watch w = drover.watch(Selector.all(), events::add)) {
                backend.push(new ServiceEvent(EventType.ADDED, "db", FakeBackend.status("db", ServiceState.PENDING, 0, 1, null), "", null));
            }
            assertThat(events).extracting(ServiceEvent::name).containsExactly("db");
            assertThat(backend.listeners).isEmpty();
            assertThat(drover.rollback("web")).isEqualTo(1);
            assertThat(drover.info().name()).isEqualTo("fake");
            assertThat(drover.backendName()).isEqualTo("fake");
            assertThat(drover.render(web().build(), RenderFormat.JSON)).isEqualTo("rendered web as JSON");
            assertThat(drover.importNative("db").name()).isEqualTo("db");
            assertThat(drover.delete("web")).isTrue();
            assertThat(drover.delete("web")).isFalse();
        }

        @Test
        void unwrapGivesTheBackendOrItsNativeObjects() {
            assertThat(drover.unwrap(FakeBackend.class)).isSameAs(backend);
            assertThat(drover.unwrap(Map.class)).isSameAs(backend.services);
            assertThatThrownBy(() -> drover.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void closeClosesTheBackend() {
            drover.close();
            assertThat(backend.closed).isTrue();
        }

        @Test
        void asyncVariantsCompleteOnTheGivenExecutor() throws Exception {
            AtomicInteger ran = new AtomicInteger();
            Drover d = Drover.builder(backend).executor(r -> pool.execute(() -> {
                ran.incrementAndGet();
                r.run();
            })).build();
            assertThat(d.applyAsync(web().build()).get(30, TimeUnit.SECONDS).change()).isEqualTo(ApplyResult.Change.CREATED);
            d.scaleAsync("web", 3).get(30, TimeUnit.SECONDS);
            assertThat(d.rollbackAsync("web").get(30, TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(d.deleteAsync("web").get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).hasValue(4);
            assertThat(backend.calls).contains("apply web", "scale web 3", "rollback web", "delete web");
        }

        @Test
        void asyncVariantsCarryFailures() {
            assertThatThrownBy(() -> drover.scaleAsync("ghost", 1).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceNotFoundException.class);
            assertThatThrownBy(() -> drover.applyAsync(web().replicas(-1).build()).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidSpecException.class);
        }
    }
}
