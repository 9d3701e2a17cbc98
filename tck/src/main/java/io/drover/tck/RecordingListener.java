package io.drover.tck;

import io.drover.api.ServiceEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A watch listener that keeps every event it is given, for the TCK to inspect. Thread-safe. */
public final class RecordingListener implements Consumer<ServiceEvent> {
    private final List<ServiceEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ServiceEvent event) {
        events.add(event);
    }

    /** Every event received so far, oldest first. */
    public List<ServiceEvent> events() {
        return List.copyOf(events);
    }

    /** The events about the named service, oldest first. */
    public List<ServiceEvent> about(String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    /** True when some event about the named service matches. */
    public boolean has(String name, Predicate<ServiceEvent> condition) {
        return about(name).stream().anyMatch(condition);
    }

    /** A one-line description of the events received, for failure messages. */
    public String describe() {
        return events.stream().map(e -> e.type() + " " + e.name()
                + (e.status() == null ? "" : " [" + e.status().summary() + "]")).toList().toString();
    }
}
