package io.drover.cli.daemon;

import io.drover.api.ApplyResult;
import io.drover.api.BackendInfo;
import io.drover.api.Capability;
import io.drover.api.Endpoint;
import io.drover.api.EventType;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.RenderFormat;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceState;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.ConflictException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ServiceSpec;
import io.drover.spi.Backend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** An in-memory backend that records what it was asked, for testing the daemon's protocol. */
final class FakeBackend implements Backend {
    final Map<String, ServiceSpec> specs = new ConcurrentHashMap<>();
    final Map<String, Map<String, SecretValue>> secrets = new ConcurrentHashMap<>();
    final List<WatchListener> watchers = new CopyOnWriteArrayList<>();
    /** The state every status reads. */
    volatile ServiceState state = ServiceState.READY;
    final List<AtomicBoolean> watchClosed = new CopyOnWriteArrayList<>();
    final List<AtomicBoolean> logsClosed = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<LogLine> followed = new LinkedBlockingQueue<>();
    final AtomicBoolean touched = new AtomicBoolean();
    private static final LogLine END = new LogLine("end", LogLine.Stream.STDOUT, Instant.EPOCH, "");

    @Override
    public String name() { return "fake"; }

    @Override
    public BackendInfo info() {
        touched.set(true);
        return new BackendInfo("fake", "1.0", "2.0", capabilities(), Map.of("nodes", "1"));
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.LOGS, Capability.WATCH, Capability.PROBE_HTTP, Capability.MANUAL_ROLLBACK);
    }

    @Override
    public ApplyResult apply(ServiceSpec spec, Map<String, SecretValue> values) {
        touched.set(true);
        ServiceSpec old = specs.put(spec.name(), spec);
        secrets.put(spec.name(), Map.copyOf(values));
        ServiceStatus s = status(spec.ref()).orElseThrow();
        watchers.forEach(w -> w.onEvent(new ServiceEvent(old == null ? EventType.ADDED : EventType.MODIFIED, spec.name(), s, "applied", null)));
        return ApplyResult.of(spec.name(), 1, old == null ? ApplyResult.Change.CREATED : ApplyResult.Change.UNCHANGED);
    }

    @Override
    public Optional<ServiceStatus> status(ServiceRef ref) {
        String name = ref.name();
        touched.set(true);
        ServiceSpec spec = specs.get(name);
        if (spec == null) return Optional.empty();
        return Optional.of(new ServiceStatus(name, state, spec.replicas(), spec.replicas(), spec.replicas(), spec.replicas(),
                1, List.of(), List.of(), List.of(), spec.labels(), spec, Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Override
    public List<ServiceStatus> list(Selector selector) {
        return specs.keySet().stream().sorted().map(n -> status(ServiceRef.of(n)).orElseThrow()).filter(s -> selector.matches(s.labels())).toList();
    }

    @Override
    public void scale(ServiceRef ref, int replicas) {
        String name = ref.name();
        ServiceSpec spec = specs.get(name);
        if (spec == null) throw new ServiceNotFoundException(name(), "scale", name);
        specs.put(name, spec.withReplicas(replicas));
    }

    @Override
    public List<Endpoint> expose(ServiceRef ref, ExposeSpec expose) {
        String name = ref.name();
        if (!specs.containsKey(name)) throw new ServiceNotFoundException(name(), "expose", name);
        return expose.ports().stream().map(p -> new Endpoint(p.targetPort(), "127.0.0.1", p.port(), Protocol.TCP, expose.type())).toList();
    }

    @Override
    public long rollback(ServiceRef ref) {
        String name = ref.name();
        if (!specs.containsKey(name)) throw new ServiceNotFoundException(name(), "rollback", name);
        throw new ConflictException("no previous revision of " + name, name(), "rollback", name, 409, false, null);
    }

    @Override
    public boolean delete(ServiceRef ref) {
        String name = ref.name();
        return specs.remove(name) != null;
    }

    @Override
    public Stream<LogLine> logs(ServiceRef ref, LogOptions options) {
        String name = ref.name();
        if (!specs.containsKey(name)) throw new ServiceNotFoundException(name(), "logs", name);
        AtomicBoolean closed = new AtomicBoolean();
        logsClosed.add(closed);
        List<LogLine> written = List.of(new LogLine(name + "-1", LogLine.Stream.STDOUT, Instant.parse("2026-01-01T00:00:00Z"), "first"),
                new LogLine(name + "-1", LogLine.Stream.STDERR, Instant.parse("2026-01-01T00:00:01Z"), "second"));
        if (!options.follow()) return written.stream().onClose(() -> closed.set(true));
        Stream<LogLine> live = StreamSupport.stream(new java.util.Spliterators.AbstractSpliterator<LogLine>(Long.MAX_VALUE, 0) {
            @Override
            public boolean tryAdvance(Consumer<? super LogLine> action) {
                try {
                    LogLine line = followed.take();
                    if (line == END) return false;
                    action.accept(line);
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }, false);
        return Stream.concat(written.stream(), live).onClose(() -> {
            closed.set(true);
            followed.add(END);
        });
    }

    @Override
    public Watch watch(Selector selector, WatchListener listener) {
        AtomicBoolean closed = new AtomicBoolean();
        watchClosed.add(closed);
        watchers.add(listener);
        return () -> {
            closed.set(true);
            watchers.remove(listener);
        };
    }

    @Override
    public String render(ServiceSpec spec, RenderFormat format) {
        return format + " of " + spec.name();
    }

    @Override
    public ServiceSpec importNative(String text) {
        return ServiceSpec.builder(text.trim()).image("imported").build();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException("no " + type.getName());
    }

    @Override
    public void close() {
        new ArrayList<>(watchers).forEach(watchers::remove);
    }
}
