package io.drover.spi.support;

import io.drover.api.EventType;
import io.drover.api.InstanceStatus;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.DroverException;
import io.drover.spi.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch machinery every backend with a native change feed shares. The backend tells it that a
 * service may have changed ({@link #changed}) or that anything may have ({@link #resync}, after its
 * feed reconnected); the watch reads the status on its own thread, compares it with the last one it
 * pushed and delivers ADDED, MODIFIED or DELETED to the listener, in order. Changes announced while
 * one is read are coalesced. It also owns the failure channel: {@link #fail} ends the watch and
 * calls the listener's {@link WatchListener#onClose} once.
 *
 * <ul>
 *   <li>Only services the {@link Selector} matches are pushed (by namespace, which the backend
 *       resolves before, name and labels, and only Drover-managed ones unless it includes
 *       unmanaged services).</li>
 *   <li>Two statuses differ when their {@link #signature}s do: state, counts, revision, each
 *       instance's state, readiness, restarts and ports, the problems and the endpoints (not the
 *       observation time or messages).</li>
 *   <li>A listener that throws is logged at WARN; the watch and the other events go on.</li>
 *   <li>A status read that fails with a retryable error is logged and skipped (the backend's feed
 *       brings the next change); a non-retryable one (credentials revoked) fails the watch.</li>
 * </ul>
 * Keys are the backend's own (a name, or {@code namespace/name}); events carry the status's name.
 */
public final class StatusDiffWatch implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(StatusDiffWatch.class);

    private final Selector selector;
    private final WatchListener listener;
    private final Function<String, Optional<ServiceStatus>> read;
    private final Supplier<Map<String, ServiceStatus>> readAll;
    private final ScheduledExecutorService thread;
    private final Map<String, Seen> last = new ConcurrentHashMap<>();
    private final Map<String, String> queued = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> onClosed = new ArrayList<>();
    private volatile BiConsumer<String, ServiceStatus> observer = (k, s) -> { };

    private record Seen(String name, String signature) {}

    /**
     * @param threadName the name of the watch's delivery thread
     * @param read the status of the service with this key, empty when it does not exist
     * @param readAll every service's status the selector may match, by key
     */
    public StatusDiffWatch(String threadName, Selector selector, WatchListener listener,
            Function<String, Optional<ServiceStatus>> read, Supplier<Map<String, ServiceStatus>> readAll) {
        this.selector = Objects.requireNonNull(selector, "selector");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.read = Objects.requireNonNull(read, "read");
        this.readAll = Objects.requireNonNull(readAll, "readAll");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code r} with every status the watch reads (for a backend's own follow-ups), on the watch's thread. */
    public StatusDiffWatch observer(BiConsumer<String, ServiceStatus> observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** Runs {@code r} once when the watch ends, closed or failed (the backend releases its feed, forgets the watch). */
    public StatusDiffWatch onClosed(Runnable r) {
        synchronized (onClosed) {
            onClosed.add(Objects.requireNonNull(r, "r"));
        }
        return this;
    }

    /**
     * Records what exists now, without pushing it: the baseline the first events compare with.
     * Runs on the caller's thread, so that a backend that cannot list fails {@code watch} itself.
     */
    public StatusDiffWatch start() {
        readAll.get().forEach((key, s) -> {
            if (matches(s)) {
                last.put(key, new Seen(s.name(), signature(s)));
                observer.accept(key, s);
            }
        });
        return this;
    }

    /** The service with this key may have changed. */
    public void changed(String key) {
        changed(key, null);
    }

    /** The service with this key may have changed; {@code message} (may be null) says what the feed saw. */
    public void changed(String key, String message) {
        Objects.requireNonNull(key, "key");
        if (closed.get() || queued.putIfAbsent(key, message == null ? "" : message) != null) return;
        submit(() -> {
            String m = queued.remove(key);
            refresh(key, m == null || m.isEmpty() ? null : m);
        });
    }

    /** Anything may have changed (the feed reconnected, a node changed): compares every service. */
    public void resync() {
        submit(this::compareAll);
    }

    /** Runs {@code r} on the watch's thread after {@code delayMs}; null once the watch has ended. */
    public ScheduledFuture<?> schedule(Runnable r, long delayMs) {
        if (closed.get()) return null;
        try {
            return thread.schedule(() -> {
                if (!closed.get()) r.run();
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException endedMeanwhile) {
            return null;
        }
    }

    /** Whether the watch has ended. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Ends the watch because of {@code cause} and tells the listener once, through {@link WatchListener#onClose}. */
    public void fail(DroverException cause) {
        Objects.requireNonNull(cause, "cause");
        if (!closed.compareAndSet(false, true)) return;
        LOG.debug("watch ended: {}", cause.toString());
        try {
            listener.onClose(cause);
        } catch (RuntimeException e) {
            LOG.warn("a watch listener failed in onClose", e);
        }
        release();
    }

    /** Closed by its owner: nothing more is delivered, and onClose is not called. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) release();
    }

    private void release() {
        thread.shutdownNow();
        List<Runnable> hooks;
        synchronized (onClosed) {
            hooks = List.copyOf(onClosed);
        }
        for (Runnable r : hooks) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.debug("a watch close hook failed", e);
            }
        }
    }

    private void refresh(String key, String message) {
        Optional<ServiceStatus> now;
        try {
            now = read.apply(key);
        } catch (DroverException e) {
            if (!e.isRetryable()) {
                fail(e);
            } else {
                LOG.debug("cannot read the status of {}; the next change brings it", key, e);
            }
            return;
        } catch (RuntimeException e) {
            LOG.debug("cannot read the status of {}; the next change brings it", key, e);
            return;
        }
        push(key, now.filter(this::matches), message);
    }

    private void compareAll() {
        Map<String, ServiceStatus> all;
        try {
            all = readAll.get();
        } catch (DroverException e) {
            if (!e.isRetryable()) fail(e);
            else LOG.debug("cannot list the services to compare them", e);
            return;
        } catch (RuntimeException e) {
            LOG.debug("cannot list the services to compare them", e);
            return;
        }
        Set<String> seen = new HashSet<>();
        all.forEach((key, s) -> {
            if (!matches(s)) return;
            seen.add(key);
            push(key, Optional.of(s), null);
        });
        for (String key : List.copyOf(last.keySet())) if (!seen.contains(key)) push(key, Optional.empty(), null);
    }

    private void push(String key, Optional<ServiceStatus> now, String message) {
        if (closed.get()) return;
        if (now.isEmpty()) {
            Seen before = last.remove(key);
            if (before != null) deliver(new ServiceEvent(EventType.DELETED, before.name(), null, message == null ? "deleted" : message, null));
            return;
        }
        ServiceStatus s = now.get();
        observer.accept(key, s);
        String signature = signature(s);
        Seen before = last.put(key, new Seen(s.name(), signature));
        if (before != null && before.signature().equals(signature)) return;
        deliver(new ServiceEvent(before == null ? EventType.ADDED : EventType.MODIFIED, s.name(), s,
                message == null ? s.summary() : message, null));
    }

    private void deliver(ServiceEvent event) {
        if (closed.get()) return;
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("a watch listener failed on {} {}; the watch goes on", event.type(), event.name(), e);
        }
    }

    private boolean matches(ServiceStatus s) {
        return (selector.namespace() == null || selector.namespace().equals(s.namespace()))
                && selector.matches(s.name(), s.labels()) && (selector.includeUnmanaged() || Labels.isManaged(s.labels()));
    }

    private void submit(Runnable r) {
        if (closed.get()) return;
        try {
            thread.execute(() -> {
                if (!closed.get()) r.run();
            });
        } catch (RejectedExecutionException endedMeanwhile) {
            // closed meanwhile
        }
    }

    /** What a listener cares about in a status: everything but the observation time and the messages. */
    public static String signature(ServiceStatus s) {
        StringBuilder sb = new StringBuilder().append(s.state()).append('|').append(s.desired()).append('/').append(s.running())
                .append('/').append(s.ready()).append('/').append(s.updated()).append("|r").append(s.revision());
        for (InstanceStatus i : s.instances()) {
            sb.append('|').append(i.id()).append(':').append(i.node()).append(':').append(i.state()).append(':').append(i.ready())
                    .append(':').append(i.restarts()).append(':').append(i.revision()).append(':').append(i.ports());
        }
        s.problems().forEach(p -> sb.append("|p:").append(p.type()).append(':').append(p.instance()));
        s.endpoints().forEach(e -> sb.append("|e:").append(e));
        return sb.toString();
    }
}
