package io.drover.cli.daemon;

import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.Watch;
import io.drover.spi.Backend;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last events of each service, kept by the daemon from its backend's watch so that
 * {@code drover describe} can show what happened recently (like kubectl's Events). Events are kept
 * without their status, at most {@link #PER_SERVICE} per service, and dropped a while after the
 * service is deleted (when it is recreated, its history starts anew). Thread-safe.
 */
final class RecentEvents implements AutoCloseable {
    /** How many events are kept per service. */
    static final int PER_SERVICE = 15;

    private final Map<String, Deque<ServiceEvent>> byService = new ConcurrentHashMap<>();
    private final Watch watch;

    /** Starts keeping the events of every service of {@code backend} that can be watched; none otherwise. */
    RecentEvents(Backend backend) {
        this.watch = backend.capabilities().contains(io.drover.api.Capability.WATCH)
                ? backend.watch(Selector.all().includingUnmanaged(), this::record)
                : null;
    }

    void record(ServiceEvent e) {
        if (e.message() == null || e.message().isBlank()) return;
        Deque<ServiceEvent> events = byService.computeIfAbsent(e.name(), n -> new ArrayDeque<>());
        synchronized (events) {
            if (e.type() == io.drover.api.EventType.ADDED) events.clear();
            events.addLast(new ServiceEvent(e.type(), e.name(), null, e.message(), e.time()));
            while (events.size() > PER_SERVICE) events.removeFirst();
        }
    }

    /** The kept events of {@code service}, oldest first. */
    List<ServiceEvent> of(String service) {
        Deque<ServiceEvent> events = byService.get(service);
        if (events == null) return List.of();
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        if (watch != null) watch.close();
    }
}
