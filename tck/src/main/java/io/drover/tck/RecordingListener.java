package io.drover.tck;

import io.drover.api.ServiceEvent;
import io.drover.api.WatchListener;
import io.drover.api.error.DroverException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A watch listener that keeps every event it is given and why the watch ended, for the TCK to inspect. Thread-safe. */
public final class RecordingListener implements WatchListener {
    private final List<ServiceEvent> events = new CopyOnWriteArrayList<>();
    private final List<DroverException> closes = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ServiceEvent event) {
        events.add(event);
    }

    @Override
    public void onClose(DroverException cause) {
        closes.add(cause);
    }

    /** Every onClose the watch made, oldest first (a watch makes at most one). */
    public List<DroverException> closes() {
        return List.copyOf(closes);
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
