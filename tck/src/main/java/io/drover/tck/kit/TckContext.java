package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.drover.api.Capability;
import io.drover.api.Drover;
import io.drover.api.Selector;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.tck.TckHttp;
import io.drover.tck.TestWorkload;
import io.drover.tck.Tracked;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInfo;

/**
 * The fixture every group of cases shares, one per suite run: how to build the backend, the
 * workload, the waits' bounds, and the state of the test running now (a fresh {@link Drover}, the
 * {@link Tracked} services it created, an HTTP client). The kit calls {@link #open} before each
 * test, {@link #deleteWhatTheTestCreated} after it and {@link #checkNothingLeaked} after the suite;
 * {@link #requires} skips a test, visibly, when the backend lacks a capability.
 */
public final class TckContext {
    private final String label;
    private final Supplier<Drover> factory;
    private final Set<String> namespacesUsed = new java.util.concurrent.CopyOnWriteArraySet<>();
    private final TestWorkload workload;
    private final TckTimeouts timeouts;
    private final String runId = "r" + Tracked.randomLetters(8);
    private Drover drover;
    private Tracked tracked;
    private TckHttp http;
    private Set<Capability> capabilities;
    private String currentTest = "?";

    /**
     * A fixture for one suite run.
     *
     * @param label names the backend in messages until a facade is open (the test class's name)
     * @param factory builds a new facade over the backend under test
     * @param workload the test workload as this backend runs it
     * @param timeouts the bounds of the waits
     */
    public TckContext(String label, Supplier<Drover> factory, TestWorkload workload, TckTimeouts timeouts) {
        this.label = Objects.requireNonNull(label, "label");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.workload = Objects.requireNonNull(workload, "workload");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    /** This suite run's id, the value of {@value Tracked#RUN_LABEL} on every service it creates. */
    public String runId() { return runId; }

    /** The test workload as this backend runs it. */
    public TestWorkload workload() { return workload; }

    /** The bounds of the waits. */
    public TckTimeouts timeouts() { return timeouts; }

    /** The facade of the running test; fails outside a test. */
    public Drover drover() {
        if (drover == null) throw new IllegalStateException("no TCK test is running");
        return drover;
    }

    /** The services the running test created. */
    public Tracked tracked() {
        if (tracked == null) throw new IllegalStateException("no TCK test is running");
        return tracked;
    }

    /** The HTTP client of the running test, for reaching instances and endpoints. */
    public TckHttp http() {
        if (http == null) throw new IllegalStateException("no TCK test is running");
        return http;
    }

    /** The backend's name, for messages. */
    public String name() {
        return drover == null ? label : drover.backendName();
    }

    /** The backend's capabilities (asked once per suite). */
    public Set<Capability> capabilities() {
        if (capabilities == null) capabilities = Set.copyOf(drover().info().capabilities());
        return capabilities;
    }

    /**
     * Skips the running test, visibly, unless the backend has every capability given: the message
     * reads {@code <backend> lacks capability <id> (<description>)} and is also printed to stdout.
     */
    public void requires(Capability... needed) {
        for (Capability c : needed) {
            if (!capabilities().contains(c)) skip(name() + " lacks capability " + c.id() + " (" + c.description() + ")");
        }
    }

    /** Skips the running test with {@code message}, which is also printed to stdout. */
    public void skip(String message) {
        System.out.println("[drover-tck] SKIPPED " + currentTest + ": " + message);
        Assumptions.abort(message);
    }

    /** An Awaitility wait named for messages, polling every {@link TckTimeouts#poll()}. */
    public ConditionFactory waiting(String what, Duration atMost) {
        return Awaitility.await(name() + ": " + what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(timeouts.poll());
    }

    // ------------------------------------------------------------------ lifecycle

    /** Before each test: a fresh facade, registry of services and HTTP client. */
    public void open(TestInfo info) {
        currentTest = info.getTestClass().map(Class::getSimpleName).orElse("") + "." + info.getDisplayName();
        http = new TckHttp(timeouts.request());
        drover = factory.get();
        tracked = new Tracked(drover);
    }

    /**
     * Closes the running test's facade (and its backend) and opens a fresh one in its place, for
     * cases about what closing does; services the test created are tracked on.
     */
    public void reopen() {
        if (drover == null) throw new IllegalStateException("no TCK test is running");
        Tracked before = tracked;
        drover.close();
        drover = factory.get();
        tracked = new Tracked(drover);
        before.refs().forEach(tracked::adopt);
    }

    /** After each test: deletes every service it created, checks they are gone, and closes the facade. */
    public void deleteWhatTheTestCreated() {
        if (drover == null) return;
        try {
            List<String> failures = tracked.deleteAll();
            Set<ServiceRef> refs = tracked.refs();
            refs.stream().map(ServiceRef::namespace).filter(Objects::nonNull).forEach(namespacesUsed::add);
            try {
                waiting("the test's services to be gone", timeouts.settle()).until(() -> refs.stream().allMatch(r -> present(r).isEmpty())
                        && drover.list(Selector.label(Tracked.RUN_LABEL, runId)).stream().noneMatch(s -> refs.contains(ServiceRef.of(s.name()))));
            } catch (ConditionTimeoutException e) {
                fail("services left behind after delete: " + refs.stream().filter(r -> present(r).isPresent()).toList(), e);
            }
            assertThat(failures).as("services that could not be deleted").isEmpty();
        } finally {
            drover.close();
            drover = null;
            tracked = null;
            http = null;
        }
    }

    private java.util.Optional<ServiceStatus> present(ServiceRef ref) {
        return drover.inNamespace(ref.namespace()).status(ref.name());
    }

    /**
     * After the suite: a fresh facade checks that nothing labelled with this run is left, in the
     * default namespace and in every namespace a test used (and removes it if so).
     */
    public void checkNothingLeaked() {
        try (Drover fresh = factory.get()) {
            List<String> leaked = new java.util.ArrayList<>();
            java.util.Set<String> namespaces = new java.util.LinkedHashSet<>();
            namespaces.add(null);
            namespaces.addAll(namespacesUsed);
            for (String ns : namespaces) {
                Drover in = fresh.inNamespace(ns);
                for (ServiceStatus s : in.list(Selector.label(Tracked.RUN_LABEL, runId))) {
                    leaked.add(ns == null ? s.name() : ns + "/" + s.name());
                    in.delete(s.name());
                }
            }
            assertThat(leaked).as("services labelled " + Tracked.RUN_LABEL + "=" + runId + " left after the suite").isEmpty();
        }
    }
}
