package io.drover.api;

import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * An in-memory backend for tests: it records every call, keeps services in a map, pushes watch
 * events only when a test calls {@link #push}, and throws the failures a test queued.
 */
public final class FakeBackend implements Backend {
    /** Every call, as "operation name" (e.g. "apply web"), in order. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Every spec given to apply, oldest first. */
    public final List<ServiceSpec> applied = new CopyOnWriteArrayList<>();
    /** Failures thrown by the next calls of any operation, one per call, before it succeeds. */
    public final ConcurrentLinkedDeque<RuntimeException> failures = new ConcurrentLinkedDeque<>();
    /** The selector of every watch opened, oldest first. */
    public final List<Selector> watchSelectors = new CopyOnWriteArrayList<>();
    /** The open watch listeners. */
    public final List<WatchListener> listeners = new CopyOnWriteArrayList<>();
    /** Services by name. */
    public final Map<String, ServiceStatus> services = new ConcurrentHashMap<>();
    /** The spec and secret values of the last apply. */
    public volatile ServiceSpec lastApplied;
    public volatile Map<String, SecretValue> lastSecrets;
    public volatile List<LogLine> logLines = List.of();
    public volatile boolean closed;
    /** What {@link #validate} reports for a spec (nothing by default); not recorded as a call. */
    public volatile java.util.function.Function<ServiceSpec, List<Violation>> rules = spec -> List.of();
    private final String name;
    private final Set<Capability> capabilities;

    public FakeBackend() {
        this("fake", EnumSet.allOf(Capability.class));
    }

    public FakeBackend(String name, Set<Capability> capabilities) {
        this.name = name;
        this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    /** A backend with every capability but these. */
    public static FakeBackend without(Capability... lacking) {
        Set<Capability> caps = EnumSet.allOf(Capability.class);
        caps.removeAll(List.of(lacking));
        return new FakeBackend("fake", caps);
    }

    /** The calls whose operation is one of those given (all calls but name/capabilities are recorded). */
    public List<String> callsOf(String operation) {
        return calls.stream().filter(c -> c.equals(operation) || c.startsWith(operation + " ")).toList();
    }

    /** Pushes an event to every open watch. */
    public void push(ServiceEvent event) {
        if (event.status() != null) services.put(event.name(), event.status());
        else if (event.type() == EventType.DELETED) services.remove(event.name());
        listeners.forEach(l -> l.onEvent(event));
    }

    /** A status of {@code name} in {@code state}, {@code ready} of {@code desired} ready. */
    public static ServiceStatus status(String name, ServiceState state, int ready, int desired, ServiceSpec spec, Problem... problems) {
        return new ServiceStatus(name, state, desired, ready, ready, ready, 1, List.of(), List.of(), List.of(problems), Map.of(), spec, null);
    }

    private void record(String call) {
        calls.add(call);
        RuntimeException failure = failures.poll();
        if (failure != null) throw failure;
    }

    @Override public String name() { return name; }

    @Override public BackendInfo info() {
        record("info");
        return new BackendInfo(name, "test", "test", capabilities, Map.of());
    }

    @Override public Set<Capability> capabilities() { return Collections.unmodifiableSet(capabilities); }

    @Override public List<Violation> validate(ServiceSpec spec) { return rules.apply(spec); }

    @Override public ApplyResult apply(ServiceSpec spec, Map<String, SecretValue> secrets) {
        record("apply " + spec.name());
        applied.add(spec);
        lastApplied = spec;
        lastSecrets = Map.copyOf(secrets);
        ServiceStatus before = services.get(spec.ref().toString());
        long revision = before == null ? 1 : before.revision() + 1;
        services.put(spec.ref().toString(), new ServiceStatus(spec.name(), ServiceState.PROGRESSING, spec.replicas(), 0, 0, 0, revision,
                List.of(), List.of(), List.of(), spec.labels(), spec, null));
        return ApplyResult.of(spec.name(), revision, before == null ? ApplyResult.Change.CREATED : ApplyResult.Change.UPDATED);
    }

    @Override public Optional<ServiceStatus> status(ServiceRef ref) {
        String service = ref.toString();
        record("status " + service);
        return Optional.ofNullable(services.get(service));
    }

    @Override public List<ServiceStatus> list(Selector selector) {
        record("list");
        return services.values().stream().filter(s -> selector.matches(s.name(), s.labels())).toList();
    }

    @Override public void scale(ServiceRef ref, int replicas) {
        String service = ref.toString();
        record("scale " + service + " " + replicas);
        if (!services.containsKey(service)) throw new ServiceNotFoundException(name, "scale", service);
    }

    @Override public List<Endpoint> expose(ServiceRef ref, ExposeSpec expose) {
        String service = ref.toString();
        record("expose " + service);
        List<Endpoint> endpoints = new ArrayList<>();
        expose.ports().forEach(p -> endpoints.add(new Endpoint(p.targetPort(), "127.0.0.1", p.port(), io.drover.api.spec.Protocol.TCP, expose.type())));
        return endpoints;
    }

    @Override public long rollback(ServiceRef ref) {
        String service = ref.toString();
        record("rollback " + service);
        return 1;
    }

    @Override public boolean delete(ServiceRef ref) {
        String service = ref.toString();
        record("delete " + service);
        return services.remove(service) != null;
    }

    @Override public Stream<LogLine> logs(ServiceRef ref, LogOptions options) {
        String service = ref.toString();
        record("logs " + service);
        return logLines.stream();
    }

    @Override public Watch watch(Selector selector, WatchListener listener) {
        record("watch");
        watchSelectors.add(selector);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override public String render(ServiceSpec spec, RenderFormat format) {
        record("render " + spec.name());
        return "rendered " + spec.name() + " as " + format;
    }

    @Override public ServiceSpec importNative(String text) {
        record("importNative");
        return ServiceSpec.builder(text.trim()).image("nginx").build();
    }

    @Override public ServiceSpec downgrade(ServiceSpec spec, Set<Capability> missing, List<Downgrade> downgrades) {
        calls.add("downgrade " + spec.name());
        return Backend.super.downgrade(spec, missing, downgrades);
    }

    @Override public <T> T unwrap(Class<T> type) {
        if (type == Map.class) return type.cast(services);
        throw new IllegalArgumentException("no " + type.getName() + " here");
    }

    @Override public void close() {
        calls.add("close");
        closed = true;
    }
}
