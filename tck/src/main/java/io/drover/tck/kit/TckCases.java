package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.ApplyResult;
import io.drover.api.Capability;
import io.drover.api.Drover;
import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.PortBinding;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.tck.TckHttp;
import io.drover.tck.TestWorkload;
import io.drover.tck.Tracked;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/**
 * The base of every group of cases: the helpers the scenarios share, over the kit's
 * {@link TckContext}. Services are created only through {@link #service}, {@link #apply} and
 * {@link #deployReady}, which give them unique tracked names and this run's label, so that the kit
 * can delete them after each test and check for leaks after the suite. Instances are reached only
 * through the addresses the backend reports ({@link InstanceStatus#ports()} and endpoints).
 */
public abstract class TckCases {
    private static final Set<InstanceState> LIVE = EnumSet.of(InstanceState.PENDING, InstanceState.STARTING, InstanceState.RUNNING);

    private final TckContext context;

    /** Cases over the kit's shared fixture. */
    protected TckCases(TckContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** The shared fixture. */
    protected final TckContext context() { return context; }

    /** The facade under test, fresh for each test. */
    protected final Drover drover() { return context.drover(); }

    /** The HTTP client for reaching instances and endpoints. */
    protected final TckHttp http() { return context.http(); }

    /** This suite run's id, the value of {@value Tracked#RUN_LABEL} on every service it creates. */
    protected final String runId() { return context.runId(); }

    /** The test workload as this backend runs it. */
    protected final TestWorkload workload() { return context.workload(); }

    /** The backend's name, for messages. */
    protected final String name() { return context.name(); }

    /** The backend's capabilities. */
    protected final Set<Capability> capabilities() { return context.capabilities(); }

    /** Skips the test, visibly, unless the backend has every capability given ({@link TckContext#requires}). */
    protected final void requires(Capability... needed) { context.requires(needed); }

    /** Skips the test, visibly, with {@code message}. */
    protected final void skip(String message) { context.skip(message); }

    /** How long a service may take to become READY. */
    protected final Duration readyTimeout() { return context.timeouts().ready(); }

    /** How long a status change may take. */
    protected final Duration settleTimeout() { return context.timeouts().settle(); }

    /** How long a pushed event or a followed log line may take to arrive. */
    protected final Duration eventTimeout() { return context.timeouts().event(); }

    /** How long the kit watches for something that must not happen. */
    protected final Duration quietPeriod() { return context.timeouts().quiet(); }

    /**
     * The workload at {@code version} under a fresh tracked name ending in {@code suffix}, labelled
     * with this run, its update policy adapted to what the backend can do (the scenarios that test
     * update policies set them themselves).
     */
    protected ServiceSpec.Builder service(String suffix, int version) {
        ServiceSpec.Builder b = workload().service(context.tracked().newName(suffix), version).label(Tracked.RUN_LABEL, runId());
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
        return context.tracked().newName("absent");
    }

    /** Applies the spec (tracked for clean-up). */
    protected ApplyResult apply(ServiceSpec spec) {
        return context.tracked().apply(spec);
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
        ServiceStatus s = drover().awaitReady(service, readyTimeout());
        assertThat(s.state()).as("%s settled as %s", service, describe(s)).isEqualTo(ServiceState.READY);
        return s;
    }

    /** The service's current status; fails the test when it does not exist. */
    protected ServiceStatus status(String service) {
        return drover().status(service).orElseThrow(() -> new AssertionError(service + " not found"));
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
                Optional<ServiceStatus> s = drover().status(service);
                last.set(s);
                return s.filter(condition).orElse(null);
            }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name() + ": " + service + " did not reach '" + what + "' within " + timeout.toSeconds()
                    + " s; last status: " + last.get().map(TckCases::describe).orElse("not found"), e);
        }
    }

    /** Waits until the service's status is empty (deletion may finish after {@code delete} returns). */
    protected void awaitGone(String service) {
        try {
            waiting(service + " gone", settleTimeout()).until(() -> drover().status(service).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name() + ": " + service + " still present after delete: "
                    + drover().status(service).map(TckCases::describe).orElse("gone"), e);
        }
    }

    /** Retries {@code assertion} (exceptions included) until it passes, within {@link #settleTimeout()}. */
    protected void eventually(String what, ThrowingRunnable assertion) {
        waiting(what, settleTimeout()).ignoreExceptions().untilAsserted(assertion);
    }

    /** An Awaitility wait named for messages ({@link TckContext#waiting}). */
    protected ConditionFactory waiting(String what, Duration atMost) {
        return context.waiting(what, atMost);
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
        return http().get(httpPort(instance), path);
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
        try (Stream<LogLine> lines = drover().logs(service, options)) {
            return lines.toList();
        }
    }

    /** A status in one paragraph: summary and every instance, for failure messages. */
    protected static String describe(ServiceStatus s) {
        return s.summary() + "; instances: " + s.instances().stream().map(i -> i.id() + " " + i.state() + (i.ready() ? " ready" : " unready")
                + " restarts=" + i.restarts() + " exit=" + i.lastExitCode() + " rev=" + i.revision() + " ports=" + i.ports()
                + (i.message() == null ? "" : " (" + i.message() + ")")).toList();
    }

    /** Waits until every running instance of the service answers {@code version=<version>}. */
    protected void awaitVersion(String service, int version) {
        eventually(service + " answering version=" + version, () -> answersVersion(status(service), Integer.toString(version)));
    }

    private void answersVersion(ServiceStatus s, String version) {
        assertThat(running(s)).as("running instances of %s", describe(s)).isNotEmpty();
        for (InstanceStatus i : running(s)) {
            assertThat(ask(i, workload().versionPath()).version()).as("version answered by instance %s", i.id()).isEqualTo(version);
        }
    }
}
