package io.drover.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.drover.api.ApplyResult;
import io.drover.api.BackendInfo;
import io.drover.api.Capability;
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
import io.drover.api.RenderFormat;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverTimeoutException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Drover compatibility kit: the behaviour every backend must show, as an abstract JUnit 5
 * suite. A backend's test extends it and only says how to build things:
 *
 * <pre>{@code
 * class LocalCompatibilityTest extends DroverCompatibilityKit {
 *     protected Drover createDrover() { return Drover.builder(new LocalBackend()).build(); }
 *     protected TestWorkload workload() { return new LocalProcessWorkload(); }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh {@link Drover} and creates services only through the kit's helpers
 * ({@link #service}, {@link #apply}, {@link #deployReady}), which give them unique names and the
 * label {@value Tracked#RUN_LABEL}{@code =<run id>}. After each test every such service is deleted
 * and checked gone; after the class, a fresh Drover checks that nothing with this run's label is
 * left. A scenario needing a capability the backend lacks is skipped, visibly, through
 * {@link #requires}. Waits are bounded by {@link #readyTimeout()}, {@link #settleTimeout()} and
 * {@link #eventTimeout()}, which slow backends may override.
 *
 * <p>Scenarios are grouped by concern: Deploy, Scale, Probe, Expose, Update, Rollback, Status,
 * Errors, Watch and Logs. Instances are reached only through the addresses the backend reports
 * ({@link InstanceStatus#ports()} and {@link Endpoint}s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class DroverCompatibilityKit {
    private static final Set<InstanceState> LIVE = EnumSet.of(InstanceState.PENDING, InstanceState.STARTING, InstanceState.RUNNING);

    private final String runId = "r" + Tracked.randomLetters(8);
    /** The facade under test, fresh for each test. */
    protected Drover drover;
    /** The services the current test created. */
    protected Tracked tracked;
    /** The HTTP client for reaching instances and endpoints. */
    protected TckHttp http;
    private Set<Capability> capabilities;
    private String currentTest = "?";

    /** A new facade over the backend under test; the kit closes it after each test. */
    protected abstract Drover createDrover();

    /** The test workload as this backend runs it. */
    protected abstract TestWorkload workload();

    /** The backend's name, for messages. */
    protected String name() {
        return drover == null ? getClass().getSimpleName() : drover.backendName();
    }

    /** How long a service may take to become READY (default 90 s). */
    protected Duration readyTimeout() { return Duration.ofSeconds(90); }

    /** How long a status change (a restart, a problem showing up, a scale) may take (default 60 s). */
    protected Duration settleTimeout() { return Duration.ofSeconds(60); }

    /** How long a pushed event or a followed log line may take to arrive (default 30 s). */
    protected Duration eventTimeout() { return Duration.ofSeconds(30); }

    /** How long the kit watches for something that must not happen (default 3 s). */
    protected Duration quietPeriod() { return Duration.ofSeconds(3); }

    /** Timeout of each HTTP connect and request (default 3 s). */
    protected Duration requestTimeout() { return Duration.ofSeconds(3); }

    /** How often waits poll the status (default 500 ms). */
    protected Duration pollInterval() { return Duration.ofMillis(500); }

    /** This suite run's id, the value of {@value Tracked#RUN_LABEL} on every service it creates. */
    protected final String runId() { return runId; }

    // ------------------------------------------------------------------ lifecycle

    @BeforeEach
    void openDrover(TestInfo info) {
        currentTest = info.getTestClass().map(Class::getSimpleName).orElse("") + "." + info.getDisplayName();
        http = new TckHttp(requestTimeout());
        drover = createDrover();
        tracked = new Tracked(drover);
    }

    @AfterEach
    void deleteWhatTheTestCreated() {
        if (drover == null) return;
        try {
            List<String> failures = tracked.deleteAll();
            Set<String> names = tracked.names();
            try {
                waiting("the test's services to be gone", settleTimeout()).until(() -> names.stream().allMatch(n -> drover.status(n).isEmpty())
                        && drover.list(Selector.label(Tracked.RUN_LABEL, runId)).stream().noneMatch(s -> names.contains(s.name())));
            } catch (ConditionTimeoutException e) {
                fail("services left behind after delete: " + names.stream().filter(n -> drover.status(n).isPresent()).toList(), e);
            }
            assertThat(failures).as("services that could not be deleted").isEmpty();
        } finally {
            drover.close();
            drover = null;
        }
    }

    @AfterAll
    void checkNothingLeaked() {
        try (Drover fresh = createDrover()) {
            List<String> leaked = fresh.list(Selector.label(Tracked.RUN_LABEL, runId)).stream().map(ServiceStatus::name).toList();
            leaked.forEach(fresh::delete);
            assertThat(leaked).as("services labelled " + Tracked.RUN_LABEL + "=" + runId + " left after the suite").isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The backend's capabilities (asked once per suite). */
    protected Set<Capability> capabilities() {
        if (capabilities == null) capabilities = Set.copyOf(drover.info().capabilities());
        return capabilities;
    }

    /**
     * Skips the current test, visibly, unless the backend has every capability given: the message
     * reads {@code <backend> lacks capability <id> (<description>)} and is also printed to stdout.
     */
    protected void requires(Capability... needed) {
        for (Capability c : needed) {
            if (!capabilities().contains(c)) {
                String message = name() + " lacks capability " + c.id() + " (" + c.description() + ")";
                System.out.println("[drover-tck] SKIPPED " + currentTest + ": " + message);
                Assumptions.abort(message);
            }
        }
    }

    /**
     * The workload at {@code version} under a fresh tracked name ending in {@code suffix}, labelled
     * with this run, its update policy adapted to what the backend can do (the scenarios that test
     * update policies set them themselves).
     */
    protected ServiceSpec.Builder service(String suffix, int version) {
        ServiceSpec.Builder b = workload().service(tracked.newName(suffix), version).label(Tracked.RUN_LABEL, runId);
        UpdatePolicy u = b.build().update();
        UpdateOrder order = u.order() == UpdateOrder.START_FIRST && !capabilities().contains(Capability.UPDATE_START_FIRST)
                ? UpdateOrder.STOP_FIRST : u.order();
        FailureAction action = u.failureAction() == FailureAction.ROLLBACK && !capabilities().contains(Capability.AUTO_ROLLBACK)
                ? FailureAction.PAUSE : u.failureAction();
        return b.update(new UpdatePolicy(u.parallelism(), order, action, u.monitorSeconds(), u.delaySeconds()));
    }

    /** {@link #service(String, int)} at version 1. */
    protected ServiceSpec.Builder service(String suffix) {
        return service(suffix, 1);
    }

    /** The same service at another workload version: image, command and args of that version, env merged. */
    protected ServiceSpec revise(ServiceSpec spec, int version) {
        ServiceSpec fresh = workload().service(spec.name(), version).build();
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.putAll(fresh.env());
        return spec.toBuilder().image(fresh.image()).command(fresh.command()).args(fresh.args()).env(env).build();
    }

    /** A name handed out for a service that is never created. */
    protected String absentName() {
        return tracked.newName("absent");
    }

    /** Applies the spec (tracked for clean-up). */
    protected ApplyResult apply(ServiceSpec spec) {
        return tracked.apply(spec);
    }

    /** Builds and applies the spec (tracked for clean-up). */
    protected ApplyResult apply(ServiceSpec.Builder spec) {
        return apply(spec.build());
    }

    /** Applies the spec and waits until it is READY. */
    protected ServiceStatus deployReady(ServiceSpec.Builder spec) {
        return awaitReady(apply(spec).name());
    }

    /** Waits (event-driven, {@link Drover#awaitReady}) until the service settles, and asserts it is READY. */
    protected ServiceStatus awaitReady(String service) {
        ServiceStatus s = drover.awaitReady(service, readyTimeout());
        assertThat(s.state()).as("%s settled as %s", service, describe(s)).isEqualTo(ServiceState.READY);
        return s;
    }

    /** The service's current status; fails the test when it does not exist. */
    protected ServiceStatus status(String service) {
        return drover.status(service).orElseThrow(() -> new AssertionError(service + " not found"));
    }

    /** Polls the status until {@code condition} holds, within {@link #settleTimeout()}, and returns that status. */
    protected ServiceStatus awaitStatus(String service, String what, Predicate<ServiceStatus> condition) {
        return awaitStatus(service, what, settleTimeout(), condition);
    }

    /** Polls the status until {@code condition} holds, within {@code timeout}, and returns that status. */
    protected ServiceStatus awaitStatus(String service, String what, Duration timeout, Predicate<ServiceStatus> condition) {
        AtomicReference<Optional<ServiceStatus>> last = new AtomicReference<>(Optional.empty());
        try {
            return waiting(service + " " + what, timeout).until(() -> {
                Optional<ServiceStatus> s = drover.status(service);
                last.set(s);
                return s.filter(condition).orElse(null);
            }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name() + ": " + service + " did not reach '" + what + "' within " + timeout.toSeconds()
                    + " s; last status: " + last.get().map(DroverCompatibilityKit::describe).orElse("not found"), e);
        }
    }

    /** Waits until the service's status is empty (deletion may finish after {@code delete} returns). */
    protected void awaitGone(String service) {
        try {
            waiting(service + " gone", settleTimeout()).until(() -> drover.status(service).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name() + ": " + service + " still present after delete: "
                    + drover.status(service).map(DroverCompatibilityKit::describe).orElse("gone"), e);
        }
    }

    /** Retries {@code assertion} (exceptions included) until it passes, within {@link #settleTimeout()}. */
    protected void eventually(String what, ThrowingRunnable assertion) {
        waiting(what, settleTimeout()).ignoreExceptions().untilAsserted(assertion);
    }

    /** An Awaitility wait named for messages, polling every {@link #pollInterval()}. */
    protected ConditionFactory waiting(String what, Duration atMost) {
        return Awaitility.await(name() + ": " + what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(pollInterval());
    }

    /** The instances that are pending, starting or running (not stopping, stopped or exited). */
    protected static List<InstanceStatus> live(ServiceStatus s) {
        return s.instances().stream().filter(i -> LIVE.contains(i.state())).toList();
    }

    /** The running instances. */
    protected static List<InstanceStatus> running(ServiceStatus s) {
        return s.instances().stream().filter(i -> i.state() == InstanceState.RUNNING).toList();
    }

    /** The binding of the instance's {@code http} port; fails the test when there is none. */
    protected static PortBinding httpPort(InstanceStatus instance) {
        PortBinding b = instance.port("http");
        assertThat(b).as("port binding 'http' of instance %s (bindings %s)", instance.id(), instance.ports()).isNotNull();
        return b;
    }

    /** GET {@code path} from the instance's {@code http} port. */
    protected TckHttp.Reply ask(InstanceStatus instance, String path) {
        return http.get(httpPort(instance), path);
    }

    /** The sum of the instances' restart counts. */
    protected static int restarts(ServiceStatus s) {
        return s.instances().stream().mapToInt(InstanceStatus::restarts).sum();
    }

    /** The instance with this id, or null. */
    protected static InstanceStatus instance(ServiceStatus s, String id) {
        return s.instances().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    /** A readiness probe on the workload's health path: every second, failing after 2 misses. */
    protected Probe healthProbe() {
        return Probe.http(workload().healthPath(), "http").everySeconds(1).timeoutSeconds(2).failingAfter(2);
    }

    /** A TCP port free on the loopback interface right now. */
    protected static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the services in a list. */
    protected static Set<String> names(List<ServiceStatus> statuses) {
        return statuses.stream().map(ServiceStatus::name).collect(Collectors.toSet());
    }

    /** Every log line of the service so far (no follow). */
    protected List<LogLine> logs(String service, LogOptions options) {
        try (Stream<LogLine> lines = drover.logs(service, options)) {
            return lines.toList();
        }
    }

    /** A status in one paragraph: summary and every instance, for failure messages. */
    protected static String describe(ServiceStatus s) {
        return s.summary() + "; instances: " + s.instances().stream().map(i -> i.id() + " " + i.state() + (i.ready() ? " ready" : " unready")
                + " restarts=" + i.restarts() + " exit=" + i.lastExitCode() + " rev=" + i.revision() + " ports=" + i.ports()
                + (i.message() == null ? "" : " (" + i.message() + ")")).toList();
    }

    private void answersVersion(ServiceStatus s, String version) {
        assertThat(running(s)).as("running instances of %s", describe(s)).isNotEmpty();
        for (InstanceStatus i : running(s)) {
            assertThat(ask(i, workload().versionPath()).version()).as("version answered by instance %s", i.id()).isEqualTo(version);
        }
    }

    /** Waits until every running instance of the service answers {@code version=<version>}. */
    protected void awaitVersion(String service, int version) {
        eventually(service + " answering version=" + version, () -> answersVersion(status(service), Integer.toString(version)));
    }

    // ================================================================== scenarios

    /** Creating services, applying changes, deleting them. */
    @Nested
    @DisplayName("Deploy")
    class Deploy {
        @Test
        void oneReplicaBecomesReadyAndAnswers() {
            ApplyResult created = apply(service("one"));
            assertThat(created.change()).isEqualTo(ApplyResult.Change.CREATED);
            assertThat(created.revision()).as("first revision").isPositive();
            ServiceStatus s = awaitReady(created.name());
            assertThat(s.desired()).isEqualTo(1);
            assertThat(s.ready()).isEqualTo(1);
            assertThat(live(s)).as(describe(s)).hasSize(1);
            PortBinding b = httpPort(live(s).get(0));
            assertThat(b.hostPort()).isBetween(1, 65535);
            eventually("version=1 from " + b.address(), () -> assertThat(http.get(b, workload().versionPath()).version()).isEqualTo("1"));
        }

        @Test
        void threeReplicasAreThreeDistinctInstances() {
            ServiceStatus s = deployReady(service("three").replicas(3));
            assertThat(s.ready()).isEqualTo(3);
            List<InstanceStatus> instances = live(s);
            assertThat(instances).as(describe(s)).hasSize(3);
            assertThat(instances.stream().map(InstanceStatus::id).distinct()).hasSize(3);
            assertThat(instances.stream().map(i -> httpPort(i).address()).distinct()).as("distinct addresses").hasSize(3);
            eventually("three distinct instance ids answering", () -> assertThat(
                    instances.stream().map(i -> ask(i, workload().versionPath()).instance()).collect(Collectors.toSet())).hasSize(3));
        }

        @Test
        void applyingTheSameSpecTwiceIsANoOp() {
            ServiceSpec spec = service("twice").build();
            ApplyResult first = apply(spec);
            ApplyResult second = apply(spec);
            assertThat(second.change()).isEqualTo(ApplyResult.Change.UNCHANGED);
            assertThat(second.revision()).isEqualTo(first.revision());
            awaitReady(spec.name());
            ApplyResult third = apply(spec);
            assertThat(third.change()).as("apply to a running service").isEqualTo(ApplyResult.Change.UNCHANGED);
            assertThat(third.revision()).isEqualTo(first.revision());
            assertThat(status(spec.name()).revision()).isEqualTo(first.revision());
        }

        @Test
        void applyingAChangedTemplateCreatesANewRevision() {
            ServiceSpec v1 = service("newrev").build();
            ApplyResult first = apply(v1);
            awaitReady(v1.name());
            ApplyResult second = apply(revise(v1, 2));
            assertThat(second.change()).isEqualTo(ApplyResult.Change.UPDATED);
            assertThat(second.revision()).isGreaterThan(first.revision());
            ServiceStatus s = awaitReady(v1.name());
            assertThat(s.revision()).isEqualTo(second.revision());
            awaitVersion(v1.name(), 2);
        }

        @Test
        void changingOnlyReplicasScalesAndKeepsTheRevision() {
            ServiceSpec spec = service("onlyrep").build();
            ApplyResult first = apply(spec);
            awaitReady(spec.name());
            ApplyResult scaled = apply(spec.withReplicas(2));
            assertThat(scaled.change()).isEqualTo(ApplyResult.Change.SCALED);
            assertThat(scaled.revision()).isEqualTo(first.revision());
            ServiceStatus s = awaitStatus(spec.name(), "READY 2/2", x -> x.isReady() && x.desired() == 2 && x.ready() == 2);
            assertThat(s.revision()).isEqualTo(first.revision());
        }

        @Test
        void environmentVariablesReachTheProcess() {
            ServiceStatus s = deployReady(service("env").env(TestWorkload.ENV_UNHEALTHY, "1"));
            InstanceStatus i = live(s).get(0);
            eventually("health answering 500 because of " + TestWorkload.ENV_UNHEALTHY,
                    () -> assertThat(ask(i, workload().healthPath()).status()).isEqualTo(500));
        }

        @Test
        void zeroReplicasIsReadyWithNoInstances() {
            ServiceStatus s = deployReady(service("zero").replicas(0));
            assertThat(s.desired()).isZero();
            assertThat(s.ready()).isZero();
            assertThat(live(s)).isEmpty();
        }

        @Test
        void deleteRemovesTheServiceAndItsInstances() {
            ServiceStatus s = deployReady(service("delete"));
            PortBinding b = httpPort(live(s).get(0));
            eventually("instance answering", () -> assertThat(http.get(b, workload().versionPath()).status()).isEqualTo(200));
            assertThat(drover.delete(s.name())).isTrue();
            awaitGone(s.name());
            eventually("instance at " + b.address() + " stopping",
                    () -> assertThat(http.tryGet(b.host(), b.hostPort(), workload().versionPath())).isEmpty());
            assertThat(drover.delete(s.name())).as("second delete").isFalse();
        }

        @Test
        void deletingAMissingServiceReturnsFalse() {
            assertThat(drover.delete(absentName())).isFalse();
        }

        @Test
        void concurrentAppliesCreateEveryService() throws Exception {
            List<ServiceSpec> specs = List.of(service("para").build(), service("parb").build(), service("parc").build());
            ExecutorService pool = Executors.newFixedThreadPool(specs.size());
            try {
                List<Future<ApplyResult>> results = new ArrayList<>();
                for (ServiceSpec spec : specs) results.add(pool.submit(() -> drover.apply(spec))); // names already tracked
                for (Future<ApplyResult> r : results) {
                    assertThat(r.get(readyTimeout().toSeconds(), TimeUnit.SECONDS).change()).isEqualTo(ApplyResult.Change.CREATED);
                }
            } finally {
                pool.shutdownNow();
            }
            for (ServiceSpec spec : specs) awaitReady(spec.name());
            assertThat(names(drover.list(Selector.label(Tracked.RUN_LABEL, runId))))
                    .containsAll(specs.stream().map(ServiceSpec::name).toList());
        }

        @Test
        void pinnedHostPortIsWhereTheInstanceAnswers() {
            requires(Capability.HOST_PORT);
            ServiceSpec base = service("hostport").build();
            int pinned = freePort();
            List<PortSpec> ports = new ArrayList<>(base.ports());
            ports.set(0, ports.get(0).withHostPort(pinned));
            ServiceStatus s = deployReady(base.toBuilder().ports(ports));
            PortBinding b = httpPort(live(s).get(0));
            assertThat(b.hostPort()).isEqualTo(pinned);
            eventually("version=1 on the pinned port " + pinned,
                    () -> assertThat(http.get(b.host(), pinned, workload().versionPath()).version()).isEqualTo("1"));
        }

        @Test
        void secretReachesTheProcessWithoutItsValueShowing() throws IOException {
            requires(Capability.SECRETS_ENV);
            String token = "tck-token-" + Tracked.randomLetters(12);
            Path unhealthy = Files.createTempFile("tck-secret", ".txt");
            Path tokenFile = Files.createTempFile("tck-secret", ".txt");
            try {
                Files.writeString(unhealthy, "1");
                Files.writeString(tokenFile, token);
                String suffix = Tracked.randomLetters(6);
                ServiceSpec spec = service("secret")
                        .secret(new SecretRef("tck-unhealthy-" + suffix, TestWorkload.ENV_UNHEALTHY, null, null, unhealthy.toString()))
                        .secret(new SecretRef("tck-token-" + suffix, "TCK_TOKEN", null, null, tokenFile.toString()))
                        .build();
                ServiceStatus s = deployReady(spec.toBuilder());
                InstanceStatus i = live(s).get(0);
                eventually("health answering 500 because of the secret " + TestWorkload.ENV_UNHEALTHY,
                        () -> assertThat(ask(i, workload().healthPath()).status()).isEqualTo(500));
                ServiceStatus now = status(spec.name());
                assertThat(now.toString()).as("the status").doesNotContain(token);
                assertThat(describe(now)).as("the status described").doesNotContain(token);
                assertThat(drover.render(spec, RenderFormat.YAML)).doesNotContain(token);
                assertThat(drover.render(spec, RenderFormat.JSON)).doesNotContain(token);
            } finally {
                Files.deleteIfExists(unhealthy);
                Files.deleteIfExists(tokenFile);
            }
        }
    }

    /** Changing the number of instances. */
    @Nested
    @DisplayName("Scale")
    class Scale {
        @Test
        void scalingUpAddsInstances() {
            ServiceStatus s = deployReady(service("up"));
            drover.scale(s.name(), 3);
            ServiceStatus up = awaitStatus(s.name(), "READY 3/3", x -> x.isReady() && x.desired() == 3 && x.ready() == 3);
            assertThat(live(up).stream().map(InstanceStatus::id).distinct()).as(describe(up)).hasSize(3);
            eventually("every instance answering", () -> {
                for (InstanceStatus i : running(status(s.name()))) assertThat(ask(i, workload().versionPath()).version()).isEqualTo("1");
            });
        }

        @Test
        void scalingDownRemovesInstances() {
            ServiceStatus s = deployReady(service("down").replicas(3));
            drover.scale(s.name(), 1);
            ServiceStatus down = awaitStatus(s.name(), "READY 1/1 with one live instance",
                    x -> x.isReady() && x.desired() == 1 && x.ready() == 1 && live(x).size() == 1);
            assertThat(down.running()).isEqualTo(1);
        }

        @Test
        void scalingToZeroKeepsTheService() {
            ServiceStatus s = deployReady(service("tozero"));
            drover.scale(s.name(), 0);
            ServiceStatus zero = awaitStatus(s.name(), "READY 0/0 with no live instance",
                    x -> x.isReady() && x.desired() == 0 && live(x).isEmpty());
            assertThat(zero.ready()).isZero();
            assertThat(drover.list(Selector.label(Tracked.RUN_LABEL, runId)).stream().map(ServiceStatus::name)).contains(s.name());
        }

        @Test
        void scalingBackUpFromZeroStartsInstances() {
            ServiceStatus s = deployReady(service("backup"));
            drover.scale(s.name(), 0);
            awaitStatus(s.name(), "READY 0/0", x -> x.isReady() && x.desired() == 0 && live(x).isEmpty());
            drover.scale(s.name(), 2);
            awaitStatus(s.name(), "READY 2/2", x -> x.isReady() && x.desired() == 2 && x.ready() == 2);
            awaitVersion(s.name(), 1);
        }

        @Test
        void scalingKeepsTheRevision() {
            ServiceStatus s = deployReady(service("keeprev"));
            drover.scale(s.name(), 2);
            ServiceStatus scaled = awaitStatus(s.name(), "READY 2/2", x -> x.isReady() && x.ready() == 2);
            assertThat(scaled.revision()).isEqualTo(s.revision());
            assertThat(live(scaled)).allSatisfy(i -> assertThat(i.revision()).isEqualTo(s.revision()));
        }

        @Test
        void scalingAMissingServiceThrowsServiceNotFound() {
            assertThatThrownBy(() -> drover.scale(absentName(), 2)).isInstanceOf(ServiceNotFoundException.class);
        }

        @Test
        void scalingToANegativeCountIsRefusedAndChangesNothing() {
            String name = apply(service("negative")).name();
            assertThatThrownBy(() -> drover.scale(name, -1)).isInstanceOf(InvalidSpecException.class).hasMessageContaining("replicas");
            assertThat(status(name).desired()).isEqualTo(1);
        }
    }

    /** Readiness, liveness and startup probes. */
    @Nested
    @DisplayName("Probe")
    class ProbeScenarios {
        @Test
        void passingHttpReadinessMakesTheServiceReady() {
            requires(Capability.READINESS_PROBE, Capability.PROBE_HTTP);
            ServiceStatus s = deployReady(service("httpready").replicas(2).readiness(healthProbe()));
            assertThat(s.ready()).isEqualTo(2);
            assertThat(live(s)).allSatisfy(i -> assertThat(i.ready()).isTrue());
            assertThat(s.problems()).isEmpty();
        }

        @Test
        void failingReadinessKeepsTheServiceUnready() {
            requires(Capability.READINESS_PROBE, Capability.PROBE_HTTP);
            String name = apply(service("unready").env(TestWorkload.ENV_UNHEALTHY, "1").readiness(healthProbe())).name();
            ServiceStatus s = awaitStatus(name, "PROBE_FAILING with 0 ready", x -> x.has(ProblemType.PROBE_FAILING) && x.ready() == 0);
            assertThat(s.state()).isNotEqualTo(ServiceState.READY);
            assertThat(s.desired()).isEqualTo(1);
            assertThat(s.instances()).noneSatisfy(i -> assertThat(i.ready()).isTrue());
            Problem p = s.problems().stream().filter(x -> x.type() == ProblemType.PROBE_FAILING).findFirst().orElseThrow();
            assertThat(p.hint()).isNotBlank();
            waiting("staying unready", quietPeriod().plusSeconds(10)).during(quietPeriod())
                    .until(() -> status(name).ready() == 0);
        }

        @Test
        void passingTcpReadinessMakesTheServiceReady() {
            requires(Capability.READINESS_PROBE, Capability.PROBE_TCP);
            ServiceStatus s = deployReady(service("tcpready").readiness(Probe.tcp("http").everySeconds(1).timeoutSeconds(2)));
            assertThat(s.ready()).isEqualTo(1);
            assertThat(live(s).get(0).ready()).isTrue();
        }

        @Test
        void passingExecReadinessMakesTheServiceReady() {
            requires(Capability.READINESS_PROBE, Capability.PROBE_EXEC);
            ServiceStatus s = deployReady(service("execready").readiness(execProbe(workload().passingCommand())));
            assertThat(s.ready()).isEqualTo(1);
        }

        @Test
        void failingExecReadinessKeepsTheServiceUnready() {
            requires(Capability.READINESS_PROBE, Capability.PROBE_EXEC);
            String name = apply(service("execfail").readiness(execProbe(workload().failingCommand()))).name();
            ServiceStatus s = awaitStatus(name, "PROBE_FAILING with 0 ready", x -> x.has(ProblemType.PROBE_FAILING) && x.ready() == 0);
            assertThat(s.state()).isNotEqualTo(ServiceState.READY);
        }

        @Test
        void failingLivenessRestartsTheInstance() {
            requires(Capability.LIVENESS_PROBE, Capability.PROBE_HTTP);
            // the initial delay gives a slow-starting workload time to listen before liveness may kill it
            ServiceStatus s = deployReady(service("liveness").liveness(healthProbe().afterSeconds(5).failingAfter(3)));
            InstanceStatus i = live(s).get(0);
            eventually("the instance accepting " + workload().failPath(),
                    () -> assertThat(ask(i, workload().failPath()).status()).isEqualTo(200));
            ServiceStatus healed = awaitStatus(s.name(), "restarted and READY again",
                    x -> restarts(x) >= 1 && x.isReady() && x.ready() == 1);
            assertThat(restarts(healed)).isGreaterThanOrEqualTo(1);
            eventually("the restarted instance healthy", () -> {
                for (InstanceStatus r : running(status(s.name()))) assertThat(ask(r, workload().healthPath()).status()).isEqualTo(200);
            });
        }

        @Test
        void passingStartupProbeLetsTheServiceBecomeReady() {
            requires(Capability.STARTUP_PROBE, Capability.PROBE_HTTP);
            ServiceStatus s = deployReady(service("startup").startup(healthProbe().failingAfter(30)));
            assertThat(s.ready()).isEqualTo(1);
            assertThat(live(s).get(0).ready()).isTrue();
        }

        @Test
        void startupProbeThatNeverPassesKeepsTheInstanceUnready() {
            requires(Capability.STARTUP_PROBE, Capability.PROBE_HTTP);
            String name = apply(service("nostart").env(TestWorkload.ENV_UNHEALTHY, "1").startup(healthProbe())).name();
            ServiceStatus s = awaitStatus(name, "a failing startup probe reported (restart or PROBE_FAILING)",
                    x -> x.ready() == 0 && (restarts(x) >= 1 || x.has(ProblemType.PROBE_FAILING)));
            assertThat(s.state()).isNotEqualTo(ServiceState.READY);
            waiting("staying unready", quietPeriod().plusSeconds(10)).during(quietPeriod())
                    .until(() -> status(name).ready() == 0);
        }

        @Test
        void oneUnreadyInstanceOfThreeMakesTheServiceDegraded() {
            requires(Capability.READINESS_PROBE, Capability.PROBE_HTTP);
            ServiceStatus s = deployReady(service("degraded").replicas(3).readiness(healthProbe()));
            InstanceStatus victim = live(s).get(0);
            eventually("the instance accepting " + workload().failPath(),
                    () -> assertThat(ask(victim, workload().failPath()).status()).isEqualTo(200));
            ServiceStatus degraded = awaitStatus(s.name(), "DEGRADED 2/3 with PROBE_FAILING",
                    x -> x.state() == ServiceState.DEGRADED && x.ready() == 2 && x.has(ProblemType.PROBE_FAILING));
            assertThat(degraded.desired()).isEqualTo(3);
            InstanceStatus failed = instance(degraded, victim.id());
            assertThat(failed).as("the failed instance %s in %s", victim.id(), describe(degraded)).isNotNull();
            assertThat(failed.ready()).isFalse();
            assertThat(degraded.problems()).anySatisfy(p -> {
                assertThat(p.type()).isEqualTo(ProblemType.PROBE_FAILING);
                assertThat(p.instance()).isEqualTo(victim.id());
            });
        }

        private Probe execProbe(List<String> command) {
            return Probe.exec(command.toArray(String[]::new)).everySeconds(1).timeoutSeconds(5).failingAfter(2);
        }
    }

    /** Exposing services through endpoints. */
    @Nested
    @DisplayName("Expose")
    class Expose {
        @Test
        void exposingThroughALoadBalancerReturnsEndpointsThatAnswer() {
            requires(Capability.EXPOSE_LOAD_BALANCER);
            ServiceStatus s = deployReady(service("lb"));
            List<Endpoint> endpoints = drover.expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http")));
            assertThat(endpoints).isNotEmpty();
            Endpoint e = endpoints.get(0);
            assertThat(e.port()).isBetween(1, 65535);
            assertThat(e.type()).isEqualTo(ExposeType.LOAD_BALANCER);
            eventually("version=1 through " + e.address(), () -> assertThat(http.get(e, workload().versionPath()).version()).isEqualTo("1"));
        }

        @Test
        void statusListsTheExposedEndpoints() {
            requires(Capability.EXPOSE_LOAD_BALANCER);
            ServiceStatus s = deployReady(service("lbstatus"));
            List<Endpoint> endpoints = drover.expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http")));
            Set<String> addresses = endpoints.stream().map(Endpoint::address).collect(Collectors.toSet());
            ServiceStatus exposed = awaitStatus(s.name(), "listing endpoints " + addresses,
                    x -> x.endpoints().stream().map(Endpoint::address).collect(Collectors.toSet()).containsAll(addresses));
            assertThat(exposed.endpoints()).isNotEmpty();
        }

        @Test
        void loadBalancerSpreadsRequestsOverReadyInstances() {
            requires(Capability.EXPOSE_LOAD_BALANCER);
            ServiceStatus s = deployReady(service("spread").replicas(3));
            Endpoint e = drover.expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))).get(0);
            eventually("requests through " + e.address() + " reaching all three instances", () -> {
                Set<String> seen = new HashSet<>();
                for (int n = 0; n < 30; n++) seen.add(http.get(e, workload().versionPath()).instance());
                assertThat(seen).hasSize(3);
            });
        }

        @Test
        void unreadyInstanceGetsNoTrafficThroughTheEndpoint() {
            requires(Capability.EXPOSE_LOAD_BALANCER, Capability.READINESS_PROBE, Capability.PROBE_HTTP);
            ServiceStatus s = deployReady(service("gate").replicas(2).readiness(healthProbe()));
            Endpoint e = drover.expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))).get(0);
            InstanceStatus victim = live(s).get(0);
            AtomicReference<String> victimId = new AtomicReference<>();
            eventually("the victim answering", () -> victimId.set(ask(victim, workload().versionPath()).instance()));
            eventually("the victim accepting " + workload().failPath(),
                    () -> assertThat(ask(victim, workload().failPath()).status()).isEqualTo(200));
            awaitStatus(s.name(), "instance " + victim.id() + " unready", x -> x.ready() == 1
                    && instance(x, victim.id()) != null && !instance(x, victim.id()).ready());
            eventually("no request through " + e.address() + " reaching the unready instance", () -> {
                for (int n = 0; n < 12; n++) {
                    TckHttp.Reply r = http.get(e, workload().versionPath());
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.instance()).isNotEqualTo(victimId.get());
                }
            });
        }

        @Test
        void exposingAsNoneRemovesTheEndpoint() {
            requires(Capability.EXPOSE_LOAD_BALANCER);
            ServiceStatus s = deployReady(service("unexpose"));
            Endpoint e = drover.expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))).get(0);
            eventually("endpoint answering", () -> assertThat(http.get(e, workload().versionPath()).status()).isEqualTo(200));
            assertThat(drover.expose(s.name(), ExposeSpec.NONE)).isEmpty();
            awaitStatus(s.name(), "without endpoints", x -> x.endpoints().isEmpty());
            eventually("endpoint " + e.address() + " closed",
                    () -> assertThat(http.tryGet(e.host(), e.port(), workload().versionPath())).isEmpty());
        }

        @Test
        void exposingAnUndeclaredTargetPortIsRefusedBeforeAnythingChanges() {
            requires(Capability.EXPOSE_LOAD_BALANCER);
            String name = apply(service("badtarget")).name();
            assertThatThrownBy(() -> drover.expose(name, ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "nosuchport"))))
                    .isInstanceOfSatisfying(InvalidSpecException.class, ex -> assertThat(ex.violations())
                            .anySatisfy(v -> assertThat(v.path()).contains("targetPort")));
            ServiceStatus s = status(name);
            assertThat(s.endpoints()).isEmpty();
            assertThat(s.spec() == null ? ExposeSpec.NONE : s.spec().expose()).isEqualTo(ExposeSpec.NONE);
        }

        @Test
        void exposingOnANodePortGivesEndpointsThatAnswer() {
            requires(Capability.EXPOSE_NODE_PORT);
            ServiceStatus s = deployReady(service("nodeport"));
            List<Endpoint> endpoints = drover.expose(s.name(), ExposeSpec.of(ExposeType.NODE_PORT, ExposedPort.of(freePort(), "http")));
            assertThat(endpoints).isNotEmpty().allSatisfy(e -> assertThat(e.type()).isEqualTo(ExposeType.NODE_PORT));
            Endpoint e = endpoints.get(0);
            eventually("version=1 through " + e.address(), () -> assertThat(http.get(e, workload().versionPath()).version()).isEqualTo("1"));
        }

        @Test
        void exposingAMissingServiceThrowsServiceNotFound() {
            assertThatThrownBy(() -> drover.expose(absentName(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))))
                    .isInstanceOf(ServiceNotFoundException.class);
        }

        @Test
        void exposureInTheSpecGivesEndpointsThatAnswer() {
            requires(Capability.EXPOSE_LOAD_BALANCER);
            ServiceStatus s = deployReady(service("specexpose").expose(ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))));
            ServiceStatus exposed = awaitStatus(s.name(), "listing an endpoint", x -> !x.endpoints().isEmpty());
            Endpoint e = exposed.endpoints().get(0);
            eventually("version=1 through " + e.address(), () -> assertThat(http.get(e, workload().versionPath()).version()).isEqualTo("1"));
        }
    }

    /** Rolling updates, with and without automatic rollback. */
    @Nested
    @DisplayName("Update")
    class Update {
        @Test
        void rollingUpdateMovesEveryInstanceToTheNewVersion() {
            ServiceSpec v1 = service("rolling").replicas(2).build();
            apply(v1);
            awaitReady(v1.name());
            ApplyResult up = apply(revise(v1, 2));
            assertThat(up.change()).isEqualTo(ApplyResult.Change.UPDATED);
            awaitReady(v1.name());
            ServiceStatus s = awaitStatus(v1.name(), "2/2 updated to revision " + up.revision(), x -> x.isReady()
                    && x.updated() == 2 && x.desired() == 2 && live(x).size() == 2
                    && live(x).stream().allMatch(i -> i.revision() == up.revision()));
            assertThat(s.revision()).isEqualTo(up.revision());
            awaitVersion(v1.name(), 2);
        }

        @Test
        void everyTemplateChangeGetsAHigherRevision() {
            ServiceSpec v1 = service("revs").build();
            ApplyResult a = apply(v1);
            ApplyResult b = apply(revise(v1, 2));
            ApplyResult c = apply(v1.toBuilder().env("TCK_MARK", "3").build());
            assertThat(List.of(b.change(), c.change())).containsOnly(ApplyResult.Change.UPDATED);
            assertThat(b.revision()).isGreaterThan(a.revision());
            assertThat(c.revision()).isGreaterThan(b.revision());
            ServiceStatus s = awaitReady(v1.name());
            assertThat(s.revision()).isEqualTo(c.revision());
            awaitVersion(v1.name(), 1);
        }

        @Test
        void failingUpdateRollsBackAutomatically() {
            requires(Capability.AUTO_ROLLBACK, Capability.READINESS_PROBE, Capability.PROBE_HTTP);
            ServiceSpec v1 = rolledBack("autorb");
            ServiceStatus s = status(v1.name());
            assertThat(s.has(ProblemType.ROLLED_BACK)).as(describe(s)).isTrue();
            assertThat(s.ready()).isEqualTo(1);
            awaitVersion(v1.name(), 1);
        }

        @Test
        void applyingAGoodVersionAfterARollbackMakesTheServiceReadyAgain() {
            requires(Capability.AUTO_ROLLBACK, Capability.READINESS_PROBE, Capability.PROBE_HTTP);
            ServiceSpec v1 = rolledBack("afterrb");
            UpdatePolicy u = v1.update();
            ServiceSpec v2 = revise(v1, 2).toBuilder()   // a monitor long enough for a slow start of the good version
                    .update(new UpdatePolicy(u.parallelism(), u.order(), u.failureAction(), 60, u.delaySeconds())).build();
            ApplyResult good = apply(v2);
            assertThat(good.change()).isEqualTo(ApplyResult.Change.UPDATED);
            ServiceStatus s = awaitReady(v1.name());
            assertThat(s.has(ProblemType.ROLLED_BACK)).as(describe(s)).isFalse();
            awaitVersion(v1.name(), 2);
        }

        @Test
        void stopFirstUpdateMovesEveryInstanceToTheNewVersion() {
            requires(Capability.UPDATE_STOP_FIRST);
            ServiceSpec base = service("stopfirst").replicas(2).build();
            UpdatePolicy u = base.update();
            ServiceSpec v1 = base.toBuilder().update(new UpdatePolicy(u.parallelism(), UpdateOrder.STOP_FIRST, u.failureAction(),
                    u.monitorSeconds(), u.delaySeconds())).build();
            apply(v1);
            awaitReady(v1.name());
            ApplyResult up = apply(revise(v1, 2));
            awaitStatus(v1.name(), "READY with 2 instances at revision " + up.revision(), x -> x.isReady() && x.updated() == 2
                    && live(x).size() == 2 && live(x).stream().allMatch(i -> i.revision() == up.revision()));
            awaitVersion(v1.name(), 2);
        }

        /** Deploys version 1 with a readiness probe, applies an unhealthy version 2 and waits for ROLLED_BACK. */
        private ServiceSpec rolledBack(String suffix) {
            ServiceSpec base = service(suffix).readiness(healthProbe()).build();
            UpdatePolicy u = base.update();
            ServiceSpec v1 = base.toBuilder().update(new UpdatePolicy(1, u.order(), FailureAction.ROLLBACK, 5, 0)).build();
            apply(v1);
            awaitReady(v1.name());
            ServiceSpec bad = revise(v1, 2).toBuilder().env(TestWorkload.ENV_UNHEALTHY, "1").build();
            assertThat(apply(bad).change()).isEqualTo(ApplyResult.Change.UPDATED);
            awaitStatus(v1.name(), "ROLLED_BACK", readyTimeout(), x -> x.state() == ServiceState.ROLLED_BACK);
            return v1;
        }
    }

    /** Going back to the previous revision on request. */
    @Nested
    @DisplayName("Rollback")
    class Rollback {
        @Test
        void rollbackReturnsToThePreviousRevision() {
            requires(Capability.MANUAL_ROLLBACK);
            ServiceSpec v1 = service("manualrb").build();
            apply(v1);
            awaitReady(v1.name());
            ApplyResult v2 = apply(revise(v1, 2));
            awaitReady(v1.name());
            awaitVersion(v1.name(), 2);
            long back = drover.rollback(v1.name());
            assertThat(back).isNotEqualTo(v2.revision());
            ServiceStatus s = awaitReady(v1.name());
            assertThat(s.revision()).isEqualTo(back);
            awaitVersion(v1.name(), 1);
        }

        @Test
        void applyingTheSpecRolledBackToIsANoOp() {
            requires(Capability.MANUAL_ROLLBACK);
            ServiceSpec v1 = service("rbnoop").build();
            apply(v1);
            awaitReady(v1.name());
            apply(revise(v1, 2));
            awaitReady(v1.name());
            long back = drover.rollback(v1.name());
            ApplyResult again = apply(v1);
            assertThat(again.change()).isEqualTo(ApplyResult.Change.UNCHANGED);
            assertThat(again.revision()).isEqualTo(back);
            assertThat(apply(revise(v1, 2)).change()).isEqualTo(ApplyResult.Change.UPDATED);
        }

        @Test
        void rollbackWithoutAPreviousRevisionThrowsConflict() {
            requires(Capability.MANUAL_ROLLBACK);
            String name = apply(service("norev")).name();
            assertThatThrownBy(() -> drover.rollback(name)).isInstanceOf(ConflictException.class);
        }

        @Test
        void scalingMakesNoRevisionToRollBackTo() {
            requires(Capability.MANUAL_ROLLBACK);
            String name = apply(service("scalerb")).name();
            drover.scale(name, 2);
            assertThatThrownBy(() -> drover.rollback(name)).isInstanceOf(ConflictException.class);
        }

        @Test
        void rollingBackAMissingServiceThrowsServiceNotFound() {
            requires(Capability.MANUAL_ROLLBACK);
            assertThatThrownBy(() -> drover.rollback(absentName())).isInstanceOf(ServiceNotFoundException.class);
        }
    }

    /** What status and list report, including crashes and their diagnosis. */
    @Nested
    @DisplayName("Status")
    class Status {
        @Test
        void statusOfAMissingServiceIsEmpty() {
            assertThat(drover.status(absentName())).isEmpty();
        }

        @Test
        void listShowsTheCreatedServices() {
            String a = apply(service("lista")).name();
            String b = apply(service("listb")).name();
            List<ServiceStatus> listed = drover.list(Selector.label(Tracked.RUN_LABEL, runId));
            assertThat(names(listed)).contains(a, b);
            assertThat(listed).allSatisfy(s -> assertThat(s.labels()).containsEntry(Tracked.RUN_LABEL, runId));
        }

        @Test
        void listFiltersByLabel() {
            String alpha = apply(service("alpha").label("tck.drover.io/tier", "alpha")).name();
            String beta = apply(service("beta").label("tck.drover.io/tier", "beta")).name();
            List<ServiceStatus> listed = drover.list(new Selector(Map.of(Tracked.RUN_LABEL, runId, "tck.drover.io/tier", "alpha"), false));
            assertThat(names(listed)).contains(alpha).doesNotContain(beta);
        }

        @Test
        void listDoesNotShowServicesOfOtherRuns() {
            String otherRun = runId + "x";
            String mine = apply(service("mine")).name();
            String theirs = apply(service("theirs").label(Tracked.RUN_LABEL, otherRun)).name();
            assertThat(names(drover.list(Selector.label(Tracked.RUN_LABEL, runId)))).contains(mine).doesNotContain(theirs);
            assertThat(names(drover.list(Selector.label(Tracked.RUN_LABEL, otherRun)))).contains(theirs).doesNotContain(mine);
        }

        @Test
        void statusCarriesTheLabelsAndTheAppliedSpec() {
            ServiceSpec spec = service("labels").label("tck.drover.io/tier", "web").build();
            apply(spec);
            ServiceStatus s = status(spec.name());
            assertThat(s.name()).isEqualTo(spec.name());
            assertThat(s.labels()).containsEntry(Tracked.RUN_LABEL, runId).containsEntry("tck.drover.io/tier", "web");
            assertThat(s.spec()).as("the applied spec").isNotNull();
            assertThat(s.spec().name()).isEqualTo(spec.name());
            assertThat(s.spec().replicas()).isEqualTo(1);
        }

        @Test
        void statusDescribesEachInstance() {
            ServiceSpec spec = service("instances").build();
            ServiceStatus s = deployReady(spec.toBuilder());
            assertThat(s.running()).isEqualTo(1);
            InstanceStatus i = live(s).get(0);
            assertThat(i.id()).isNotBlank();
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(i.ready()).isTrue();
            assertThat(i.revision()).isEqualTo(s.revision());
            assertThat(i.startedAt()).isNotNull().isBeforeOrEqualTo(Instant.now());
            PortBinding b = httpPort(i);
            assertThat(b.containerPort()).isEqualTo(spec.port("http").orElseThrow().containerPort());
            assertThat(b.host()).isNotBlank();
        }

        @Test
        void readyServiceHasNoProblems() {
            ServiceStatus s = deployReady(service("healthy").replicas(2));
            assertThat(s.problems()).isEmpty();
            assertThat(List.of(s.desired(), s.running(), s.ready(), s.updated())).containsOnly(2);
        }

        @Test
        void crashedInstanceIsRestartedAndReportsItsExitCode() {
            ServiceStatus s = deployReady(service("crash"));
            InstanceStatus i = live(s).get(0);
            eventually("instance answering", () -> assertThat(ask(i, workload().versionPath()).status()).isEqualTo(200));
            http.tryGet(httpPort(i).host(), httpPort(i).hostPort(), workload().crashPath(7));
            ServiceStatus healed = awaitStatus(s.name(), "restarted after exit 7 and READY again", x -> x.isReady() && x.ready() == 1
                    && x.instances().stream().anyMatch(r -> r.restarts() >= 1 && Integer.valueOf(7).equals(r.lastExitCode())));
            assertThat(restarts(healed)).isGreaterThanOrEqualTo(1);
            awaitVersion(s.name(), 1);
        }

        @Test
        void crashLoopIsReportedAsFailedWithAHint() {
            String name = apply(service("crashloop").env(TestWorkload.ENV_CRASH_AFTER_MS, "200").env(TestWorkload.ENV_EXIT_CODE, "3")).name();
            ServiceStatus s = awaitStatus(name, "FAILED with CRASH_LOOP", readyTimeout(),
                    x -> x.state() == ServiceState.FAILED && x.has(ProblemType.CRASH_LOOP));
            assertThat(s.ready()).isZero();
            assertThat(s.desired()).isEqualTo(1);
            Problem p = s.problems().stream().filter(x -> x.type() == ProblemType.CRASH_LOOP).findFirst().orElseThrow();
            assertThat(p.hint()).isNotBlank();
            assertThat(p.nativeReason()).as("native reason of %s", p).isNotBlank();
            assertThat(s.instances()).as(describe(s)).anySatisfy(i -> assertThat(i.lastExitCode()).isEqualTo(3));
        }

        @Test
        void restartNeverLeavesACrashedInstanceDown() {
            requires(Capability.RESTART_NEVER);
            ServiceStatus s = deployReady(service("never").restart(RestartCondition.NEVER));
            crash(live(s).get(0), 5);
            awaitStatus(s.name(), "the instance exited with 5 and not restarted", x -> x.ready() == 0 && live(x).isEmpty()
                    && x.instances().stream().anyMatch(i -> Integer.valueOf(5).equals(i.lastExitCode())));
            staysDown(s.name(), 0);
        }

        @Test
        void restartOnFailureLeavesACleanExitDown() {
            requires(Capability.RESTART_ON_FAILURE);
            ServiceStatus s = deployReady(service("cleanexit").restart(RestartCondition.ON_FAILURE));
            crash(live(s).get(0), 0);
            ServiceStatus done = awaitStatus(s.name(), "the instance completed", x -> live(x).isEmpty()
                    && x.instances().stream().anyMatch(i -> Integer.valueOf(0).equals(i.lastExitCode())));
            assertThat(done.instances()).anySatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.COMPLETED));
            staysDown(s.name(), 0);
        }

        @Test
        void restartOnFailureRestartsAfterAnError() {
            requires(Capability.RESTART_ON_FAILURE);
            ServiceStatus s = deployReady(service("onfailure").restart(RestartCondition.ON_FAILURE));
            crash(live(s).get(0), 4);
            awaitStatus(s.name(), "restarted after exit 4 and READY again", x -> x.isReady() && restarts(x) >= 1
                    && x.instances().stream().anyMatch(i -> Integer.valueOf(4).equals(i.lastExitCode())));
            awaitVersion(s.name(), 1);
        }

        @Test
        void maxAttemptsBoundsTheRestarts() {
            requires(Capability.RESTART_MAX_ATTEMPTS);
            String name = apply(service("maxtries").restart(new RestartPolicy(RestartCondition.ALWAYS, 1))
                    .env(TestWorkload.ENV_CRASH_AFTER_MS, "300").env(TestWorkload.ENV_EXIT_CODE, "3")).name();
            awaitStatus(name, "down after one restart", readyTimeout(), x -> restarts(x) == 1 && live(x).isEmpty());
            staysDown(name, 1);
        }

        private void crash(InstanceStatus instance, int code) {
            eventually("instance answering", () -> assertThat(ask(instance, workload().versionPath()).status()).isEqualTo(200));
            http.tryGet(httpPort(instance).host(), httpPort(instance).hostPort(), workload().crashPath(code));
        }

        private void staysDown(String name, int restarts) {
            Duration quiet = quietPeriod().multipliedBy(2);
            waiting(name + " staying down with " + restarts + " restarts", quiet.plusSeconds(10)).during(quiet)
                    .until(() -> {
                        ServiceStatus x = status(name);
                        return live(x).isEmpty() && restarts(x) == restarts;
                    });
        }
    }

    /** Refusals, timeouts, dry runs and backend facts. */
    @Nested
    @DisplayName("Errors")
    class Errors {
        @Test
        void awaitReadyTimesOutWithTheLastStatusAndItsProblems() {
            requires(Capability.READINESS_PROBE, Capability.PROBE_HTTP);
            String name = apply(service("timeout").env(TestWorkload.ENV_UNHEALTHY, "1").readiness(healthProbe())).name();
            awaitStatus(name, "PROBE_FAILING", x -> x.has(ProblemType.PROBE_FAILING));
            assertThatThrownBy(() -> drover.awaitReady(name, Duration.ofSeconds(3)))
                    .isInstanceOfSatisfying(DroverTimeoutException.class, e -> {
                        assertThat(e.lastStatus()).isNotNull();
                        assertThat(e.lastStatus().name()).isEqualTo(name);
                        assertThat(e.lastStatus().state()).isNotEqualTo(ServiceState.READY);
                        assertThat(e.lastStatus().has(ProblemType.PROBE_FAILING)).as(describe(e.lastStatus())).isTrue();
                        assertThat(e.getMessage()).contains(name);
                    });
        }

        @Test
        void invalidSpecIsRefusedWithEveryViolationAndNothingIsCreated() {
            ServiceSpec bad = service("invalid").replicas(-1).readiness(Probe.http("/health", "nosuchport")).build();
            assertThatThrownBy(() -> apply(bad)).isInstanceOfSatisfying(InvalidSpecException.class,
                    e -> assertThat(e.violations()).extracting(Violation::path).contains("spec.replicas", "spec.probes.readiness.http.port"));
            assertThat(drover.status(bad.name())).isEmpty();
            assertThat(names(drover.list(Selector.label(Tracked.RUN_LABEL, runId)))).doesNotContain(bad.name());
        }

        @Test
        void specNeedingAMissingCapabilityIsRefusedBeforeAnythingIsCreated() {
            List<Capability> lacking = new ArrayList<>();
            for (Capability c : Capability.values()) {
                if (capabilities().contains(c)) continue;
                ServiceSpec base = service("nocap").build();
                Optional<ServiceSpec> spec = CapabilitySpecs.needing(c, base, workload().healthPath())
                        .filter(x -> Capability.requiredBy(x).stream().anyMatch(u -> u.capability() == c));
                if (spec.isEmpty()) continue;
                lacking.add(c);
                assertThatThrownBy(() -> apply(spec.get())).as("apply needing %s", c.id())
                        .isInstanceOfSatisfying(CapabilityNotSupportedException.class, e -> assertThat(e.missing()).contains(c));
                assertThatThrownBy(() -> drover.render(spec.get(), RenderFormat.YAML)).as("render needing %s", c.id())
                        .isInstanceOf(CapabilityNotSupportedException.class);
                assertThat(drover.status(base.name())).as("%s after a refused apply", base.name()).isEmpty();
            }
            if (lacking.isEmpty()) {
                String message = name() + " has every capability a spec can ask for";
                System.out.println("[drover-tck] SKIPPED " + currentTest + ": " + message);
                Assumptions.abort(message);
            }
        }

        @Test
        void lenientModeRecordsADowngradeForEveryCapabilityItWorksAround() {
            Drover lenient = Drover.builder(drover.unwrap(Backend.class)).lenient(true).build(); // shares the backend: not closed
            int tried = 0;
            for (Capability c : Capability.values()) {
                if (capabilities().contains(c)) continue;
                ServiceSpec base = service("lenient").build();
                Optional<ServiceSpec> spec = CapabilitySpecs.needing(c, base, workload().healthPath())
                        .filter(x -> Capability.requiredBy(x).stream().anyMatch(u -> u.capability() == c));
                if (spec.isEmpty()) continue;
                tried++;
                try {
                    ApplyResult result = lenient.apply(spec.get());
                    assertThat(result.downgrades()).as("downgrades when applying a spec needing %s", c.id())
                            .anySatisfy(d -> assertThat(d.capability()).isEqualTo(c));
                    assertThat(drover.status(base.name())).as("%s applied leniently", base.name()).isPresent();
                } catch (CapabilityNotSupportedException e) {
                    assertThat(e.missing()).as("capabilities lenient mode could not work around").contains(c);
                    assertThat(drover.status(base.name())).as("%s after a refused apply", base.name()).isEmpty();
                }
            }
            if (tried == 0) {
                String message = name() + " has every capability a spec can ask for";
                System.out.println("[drover-tck] SKIPPED " + currentTest + ": " + message);
                Assumptions.abort(message);
            }
        }

        @Test
        void renderGivesTheNativeManifestWithoutCreatingAnything() {
            ServiceSpec spec = service("render").replicas(2).build();
            String yaml = drover.render(spec, RenderFormat.YAML);
            assertThat(yaml).isNotBlank().contains(spec.name());
            String json = drover.render(spec, RenderFormat.JSON);
            assertThat(json.trim()).contains(spec.name()).matches("(?s)^[\\[{].*[\\]}]$");
            assertThat(drover.status(spec.name())).isEmpty();
        }

        @Test
        void renderedManifestImportsBackToTheSameService() {
            ServiceSpec spec = service("import").replicas(2).env("TCK_MARK", "imported").build();
            ServiceSpec back = drover.importNative(drover.render(spec, RenderFormat.YAML));
            assertThat(back.name()).isEqualTo(spec.name());
            assertThat(back.replicas()).isEqualTo(2);
            assertThat(back.env()).containsEntry("TCK_MARK", "imported");
            assertThat(back.ports()).extracting(p -> p.name()).containsExactlyElementsOf(spec.ports().stream().map(p -> p.name()).toList());
            assertThat(drover.status(spec.name())).isEmpty();
        }

        @Test
        void infoNamesTheBackendAndItsCapabilities() {
            BackendInfo info = drover.info();
            assertThat(info.name()).isNotBlank().isEqualTo(drover.backendName());
            assertThat(info.capabilities()).isNotEmpty()
                    .as("info() and the backend's capabilities()").isEqualTo(drover.unwrap(Backend.class).capabilities());
        }
    }

    /** Pushed change events. */
    @Nested
    @DisplayName("Watch")
    class WatchScenarios {
        @Test
        void watchPushesAddedModifiedAndDeletedEvents() {
            requires(Capability.WATCH);
            RecordingListener events = new RecordingListener();
            try (Watch w = drover.watch(Selector.label(Tracked.RUN_LABEL, runId), events)) {
                String name = apply(service("watched")).name();
                awaitEvent(events, name, "ADDED", e -> e.type() == EventType.ADDED);
                drover.scale(name, 2);
                awaitEvent(events, name, "MODIFIED with desired 2",
                        e -> e.type() == EventType.MODIFIED && e.status() != null && e.status().desired() == 2);
                drover.delete(name);
                awaitEvent(events, name, "DELETED", e -> e.type() == EventType.DELETED);
                ServiceEvent deleted = events.about(name).stream().filter(e -> e.type() == EventType.DELETED).findFirst().orElseThrow();
                assertThat(deleted.status()).isNull();
                assertThat(deleted.name()).isEqualTo(name);
            }
        }

        @Test
        void watchPushesTheReadyStatus() {
            requires(Capability.WATCH);
            RecordingListener events = new RecordingListener();
            try (Watch w = drover.watch(Selector.label(Tracked.RUN_LABEL, runId), events)) {
                String name = apply(service("watchready")).name();
                awaitEvent(events, name, "a READY status", e -> e.status() != null && e.status().isReady());
            }
        }

        @Test
        void watchWithALabelSelectorSeesOnlyMatchingServices() {
            requires(Capability.WATCH);
            RecordingListener events = new RecordingListener();
            Selector selector = new Selector(Map.of(Tracked.RUN_LABEL, runId, "tck.drover.io/watch", "yes"), false);
            try (Watch w = drover.watch(selector, events)) {
                String other = apply(service("unwatched").label("tck.drover.io/watch", "no")).name();
                String watched = apply(service("watchedsel").label("tck.drover.io/watch", "yes")).name();
                awaitEvent(events, watched, "ADDED", e -> e.type() == EventType.ADDED);
                drover.scale(other, 2);
                waiting("no events about " + other, quietPeriod().plusSeconds(10)).during(quietPeriod())
                        .until(() -> events.about(other).isEmpty());
            }
        }

        @Test
        void closedWatchReceivesNothingMore() {
            requires(Capability.WATCH);
            RecordingListener events = new RecordingListener();
            Watch w = drover.watch(Selector.label(Tracked.RUN_LABEL, runId), events);
            String name;
            try {
                name = apply(service("closedw")).name();
                awaitEvent(events, name, "ADDED", e -> e.type() == EventType.ADDED);
            } finally {
                w.close();
            }
            int seen = events.events().size();
            drover.scale(name, 2);
            awaitStatus(name, "desired 2", x -> x.desired() == 2);
            waiting("no events after close", quietPeriod().plusSeconds(10)).during(quietPeriod())
                    .until(() -> events.events().size() == seen);
            w.close(); // closing twice is allowed
        }

        private void awaitEvent(RecordingListener events, String name, String what, Predicate<ServiceEvent> condition) {
            try {
                waiting("event " + what + " for " + name, eventTimeout()).until(() -> events.has(name, condition));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(name() + ": no " + what + " event for " + name + " within " + eventTimeout().toSeconds()
                        + " s; received: " + events.describe(), e);
            }
        }
    }

    /** Reading and following output. */
    @Nested
    @DisplayName("Logs")
    class Logs {
        @Test
        void logsContainTheStartupLine() {
            requires(Capability.LOGS);
            ServiceStatus s = deployReady(service("logstart"));
            eventually("the startup line in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                    .anySatisfy(l -> {
                        assertThat(l.stream()).isEqualTo(LogLine.Stream.STDOUT);
                        assertThat(l.text()).contains(workload().startupMarker());
                    }));
        }

        @Test
        void logsIncludeStandardError() {
            requires(Capability.LOGS);
            ServiceStatus s = deployReady(service("logerr"));
            eventually("a stderr line in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                    .anySatisfy(l -> assertThat(l.stream()).isEqualTo(LogLine.Stream.STDERR)));
        }

        @Test
        void logLinesNameTheirInstance() {
            requires(Capability.LOGS);
            ServiceStatus s = deployReady(service("loginst"));
            String id = live(s).get(0).id();
            eventually("the startup line in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                    .anySatisfy(l -> assertThat(l.text()).contains(workload().startupMarker())));
            assertThat(logs(s.name(), LogOptions.all())).allSatisfy(l -> assertThat(l.instance()).isEqualTo(id));
        }

        @Test
        void logsCoverEveryInstance() {
            requires(Capability.LOGS);
            ServiceStatus s = deployReady(service("logevery").replicas(2));
            Set<String> ids = live(s).stream().map(InstanceStatus::id).collect(Collectors.toSet());
            eventually("startup lines from " + ids, () -> assertThat(logs(s.name(), LogOptions.all()).stream()
                    .filter(l -> l.text().contains(workload().startupMarker())).map(LogLine::instance).collect(Collectors.toSet()))
                    .isEqualTo(ids));
        }

        @Test
        void logsOfOneInstanceComeOnlyFromIt() {
            requires(Capability.LOGS);
            ServiceStatus s = deployReady(service("logone").replicas(2));
            String id = live(s).get(1).id();
            LogOptions one = new LogOptions(false, null, null, id);
            eventually("the startup line of " + id, () -> assertThat(logs(s.name(), one))
                    .anySatisfy(l -> assertThat(l.text()).contains(workload().startupMarker())));
            assertThat(logs(s.name(), one)).allSatisfy(l -> assertThat(l.instance()).isEqualTo(id));
        }

        @Test
        void tailGivesTheLastLines() {
            requires(Capability.LOGS);
            ServiceStatus s = deployReady(service("logtail"));
            InstanceStatus i = live(s).get(0);
            String marker = "tail" + Tracked.randomLetters(6);
            for (int n = 1; n <= 4; n++) {
                int k = n;
                eventually("request " + k, () -> assertThat(ask(i, markedPath(marker + k)).status()).isEqualTo(200));
            }
            eventually("the last request in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                    .anySatisfy(l -> assertThat(l.text()).contains(marker + 4)));
            List<String> all = logs(s.name(), LogOptions.all()).stream().map(LogLine::text).toList();
            List<String> tail = logs(s.name(), LogOptions.tail(2)).stream().map(LogLine::text).toList();
            assertThat(tail).hasSize(2).isEqualTo(all.subList(all.size() - 2, all.size()));
            assertThat(tail.get(1)).contains(marker + 4);
        }

        @Test
        void sinceSkipsOlderLines() {
            requires(Capability.LOGS);
            ServiceStatus s = deployReady(service("logsince"));
            InstanceStatus i = live(s).get(0);
            String before = "before" + Tracked.randomLetters(6);
            String after = "after" + Tracked.randomLetters(6);
            eventually("first request", () -> assertThat(ask(i, markedPath(before)).status()).isEqualTo(200));
            AtomicReference<LogLine> first = new AtomicReference<>();
            eventually("the first request in the logs", () -> first.set(logs(s.name(), LogOptions.all()).stream()
                    .filter(l -> l.text().contains(before)).findFirst().orElseThrow()));
            assertThat(first.get().time()).as("time of a log line").isNotNull();
            Instant since = first.get().time().plusMillis(1);
            eventually("second request", () -> assertThat(ask(i, markedPath(after)).status()).isEqualTo(200));
            LogOptions sinceFirst = new LogOptions(false, null, since, null);
            eventually("the second request in logs since " + since, () -> assertThat(logs(s.name(), sinceFirst))
                    .anySatisfy(l -> assertThat(l.text()).contains(after)));
            assertThat(logs(s.name(), sinceFirst)).noneSatisfy(l -> assertThat(l.text()).contains(before));
        }

        @Test
        void followReceivesLinesWrittenAfterItOpenedUntilClosed() throws InterruptedException {
            requires(Capability.LOGS);
            ServiceStatus s = deployReady(service("logfollow"));
            InstanceStatus i = live(s).get(0);
            eventually("the startup line in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                    .anySatisfy(l -> assertThat(l.text()).contains(workload().startupMarker())));
            BlockingQueue<LogLine> received = new LinkedBlockingQueue<>();
            CountDownLatch ended = new CountDownLatch(1);
            Stream<LogLine> stream = drover.logs(s.name(), LogOptions.follow(0));
            Thread reader = new Thread(() -> {
                try {
                    stream.forEach(received::add);
                } catch (RuntimeException e) {
                    // a stream closed under its reader may end with an exception; ending is what counts
                } finally {
                    ended.countDown();
                }
            }, "tck-log-follower");
            reader.setDaemon(true);
            reader.start();
            String marker = "follow" + Tracked.randomLetters(6);
            AtomicInteger requests = new AtomicInteger();
            try {
                waiting("a followed line for a request made after opening", eventTimeout()).ignoreExceptions().until(() -> {
                    ask(i, markedPath(marker + requests.incrementAndGet()));
                    return received.stream().anyMatch(l -> l.text().contains(marker));
                });
            } finally {
                stream.close();
            }
            assertThat(ended.await(eventTimeout().toMillis(), TimeUnit.MILLISECONDS)).as("the follow stream ending after close").isTrue();
            assertThat(received).noneSatisfy(l -> assertThat(l.text()).contains(workload().startupMarker()));
        }

        @Test
        void logsOfAMissingServiceThrowServiceNotFound() {
            requires(Capability.LOGS);
            String name = absentName();
            assertThatThrownBy(() -> logs(name, LogOptions.all())).isInstanceOf(ServiceNotFoundException.class);
        }

        private String markedPath(String marker) {
            String path = workload().versionPath();
            return path + (path.contains("?") ? "&" : "?") + "tck=" + marker;
        }
    }
}
