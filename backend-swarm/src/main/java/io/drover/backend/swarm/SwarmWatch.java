package io.drover.backend.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import io.drover.api.InstanceStatus;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch driven by the Docker events stream (never by polling): service events (create, update,
 * remove, including update-state changes such as a rollback), the containers of swarm tasks
 * (start, die, health status) and node changes. Each event makes the watch read the service's
 * status and push it when it differs from the last one pushed. The manager records task states a
 * moment after the engine's container events, and placement failures ("no suitable node") without
 * any event, so the service is looked at again 1, 3 and 10 seconds after its last event. Docker
 * reports container events only on the node that runs the container, so a task on another node that
 * starts, becomes healthy or is rescheduled after a node loss makes no event on the manager at all:
 * while a service is not settled (not READY, FAILED or ROLLED_BACK), its status is also read again
 * 100 ms after each event, then backing off to every 2 s. If the stream breaks (engine restart), the
 * watch reconnects with backoff and
 * compares every service again. Events for one service arrive in order on the watch's own thread.
 */
final class SwarmWatch implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmWatch.class);
    private static final long[] FOLLOW_UPS_MS = {1_000, 3_000, 10_000};
    private static final long RECHECK_FIRST_MS = 100;
    private static final long RECHECK_MAX_MS = 2_000;
    private final Map<String, Long> recheckDelay = new ConcurrentHashMap<>();
    private final Map<String, Long> recheckGeneration = new ConcurrentHashMap<>();
    private final DockerClient docker;
    private final Selector selector;
    private final Consumer<ServiceEvent> listener;
    private final Function<String, Optional<ServiceStatus>> status;
    private final Supplier<List<ServiceStatus>> list;
    private final ScheduledExecutorService thread;
    private final Map<String, String> lastSignature = new ConcurrentHashMap<>();
    private final java.util.Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, List<java.util.concurrent.ScheduledFuture<?>>> followUps = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ResultCallback.Adapter<Event> stream;
    private volatile Runnable onClose = () -> { };
    private volatile long backoffMs = 500;

    SwarmWatch(DockerClient docker, Selector selector, Consumer<ServiceEvent> listener,
            Function<String, Optional<ServiceStatus>> status, Supplier<List<ServiceStatus>> list) {
        this.docker = docker;
        this.selector = selector;
        this.listener = listener;
        this.status = status;
        this.list = list;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drover-swarm-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code r} once when the watch is closed (the backend forgets it then). */
    SwarmWatch onClose(Runnable r) {
        this.onClose = r;
        return this;
    }

    /** Reads the current statuses (without pushing them) and opens the event stream. */
    SwarmWatch start() {
        for (ServiceStatus s : list.get()) {
            lastSignature.put(s.name(), signature(s));
            recheckIfUnsettled(s, true);
        }
        connect();
        return this;
    }

    private void connect() {
        if (closed.get()) return;
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event event) {
                backoffMs = 500;
                String name = serviceOf(event);
                if (name != null) {
                    if (queued.add(name)) submit(() -> {
                        queued.remove(name);
                        refresh(name, true);
                    });
                    followUp(name);
                } else if (event.getType() == com.github.dockerjava.api.model.EventType.NODE) {
                    submit(SwarmWatch.this::resync);
                }
            }

            @Override
            public void onError(Throwable t) {
                if (!closed.get()) LOG.debug("Docker event stream failed; reconnecting", t);
                reconnect();
            }

            @Override
            public void onComplete() {
                reconnect();
            }
        };
        stream = callback;
        try {
            docker.eventsCmd().withEventTypeFilter(com.github.dockerjava.api.model.EventType.SERVICE,
                    com.github.dockerjava.api.model.EventType.CONTAINER, com.github.dockerjava.api.model.EventType.NODE).exec(callback);
        } catch (RuntimeException e) {
            LOG.debug("cannot open the Docker event stream; retrying", e);
            reconnect();
        }
    }

    private void followUp(String name) {
        List<java.util.concurrent.ScheduledFuture<?>> previous = followUps.remove(name);
        if (previous != null) previous.forEach(f -> f.cancel(false));
        List<java.util.concurrent.ScheduledFuture<?>> next = new java.util.ArrayList<>();
        for (long delay : FOLLOW_UPS_MS) {
            java.util.concurrent.ScheduledFuture<?> f = schedule(() -> refresh(name, false), delay);
            if (f != null) next.add(f);
        }
        followUps.put(name, next);
    }

    private void reconnect() {
        if (closed.get()) return;
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, 30_000);
        schedule(() -> {
            connect();
            resync();
        }, delay);
    }

    /** The service an event concerns, or null: service events name it, task containers carry it as a label. */
    static String serviceOf(Event event) {
        if (event.getType() == null || event.getActor() == null) return null;
        Map<String, String> attributes = event.getActor().getAttributes();
        if (attributes == null) return null;
        String action = event.getAction() == null ? "" : event.getAction();
        return switch (event.getType()) {
            case SERVICE -> attributes.get("name");
            case CONTAINER -> action.startsWith("exec_") || action.startsWith("attach") || action.startsWith("resize")
                    || action.startsWith("top") || action.startsWith("archive") ? null : attributes.get("com.docker.swarm.service.name");
            default -> null;
        };
    }

    private void refresh(String name, boolean afterEvent) {
        if (closed.get()) return;
        try {
            Optional<ServiceStatus> now = status.apply(name);
            if (now.isEmpty()) {
                if (lastSignature.remove(name) != null) {
                    deliver(new ServiceEvent(io.drover.api.EventType.DELETED, name, null, "service removed", null));
                }
                return;
            }
            ServiceStatus s = now.get();
            if (!matches(s)) return;
            recheckIfUnsettled(s, afterEvent);
            String sig = signature(s);
            String before = lastSignature.put(name, sig);
            if (sig.equals(before)) return;
            deliver(new ServiceEvent(before == null ? io.drover.api.EventType.ADDED : io.drover.api.EventType.MODIFIED,
                    name, s, s.summary(), null));
        } catch (RuntimeException e) {
            LOG.debug("cannot read the status of {} after an event", name, e);
        }
    }

    /**
     * Hands one event to the listener. A listener that throws is logged at WARN and does not stop
     * the watch, nor the delivery of the other events of the same read.
     */
    private void deliver(ServiceEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("watch listener failed on {} {}; the watch goes on", event.type(), event.name(), e);
        }
    }

    private void resync() {
        if (closed.get()) return;
        try {
            List<ServiceStatus> all = list.get();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ServiceStatus s : all) {
                seen.add(s.name());
                recheckIfUnsettled(s, false);
                String sig = signature(s);
                String before = lastSignature.put(s.name(), sig);
                if (!sig.equals(before)) {
                    deliver(new ServiceEvent(before == null ? io.drover.api.EventType.ADDED : io.drover.api.EventType.MODIFIED,
                            s.name(), s, s.summary(), null));
                }
            }
            for (String name : List.copyOf(lastSignature.keySet())) {
                if (!seen.contains(name) && lastSignature.remove(name) != null) {
                    deliver(new ServiceEvent(io.drover.api.EventType.DELETED, name, null, "service removed", null));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot list services after a reconnect", e);
        }
    }

    /**
     * Reads an unsettled service's status again soon: 100 ms after an event (the manager learns a
     * task's new state a moment after the container's event), then backing off to every 2 s (tasks
     * on other nodes make no events here). Only the latest scheduled recheck of a service runs.
     */
    private void recheckIfUnsettled(ServiceStatus s, boolean afterEvent) {
        String name = s.name();
        if (s.state().isSettled()) {
            recheckDelay.remove(name);
            recheckGeneration.remove(name);
            return;
        }
        long delay = afterEvent ? RECHECK_FIRST_MS : Math.min(recheckDelay.getOrDefault(name, RECHECK_FIRST_MS) * 2, RECHECK_MAX_MS);
        recheckDelay.put(name, delay);
        long generation = recheckGeneration.merge(name, 1L, Long::sum);
        schedule(() -> {
            if (Long.valueOf(generation).equals(recheckGeneration.get(name))) refresh(name, false);
        }, delay);
    }

    private boolean matches(ServiceStatus s) {
        boolean managed = io.drover.spi.Labels.MANAGED_BY_VALUE.equals(s.labels().get(io.drover.spi.Labels.MANAGED_BY));
        return (selector.includeUnmanaged() || managed) && selector.matches(s.labels());
    }

    /** What a listener cares about, without the observation time. */
    static String signature(ServiceStatus s) {
        StringBuilder sb = new StringBuilder().append(s.state()).append('|').append(s.desired()).append('/').append(s.running())
                .append('/').append(s.ready()).append('/').append(s.updated()).append("|r").append(s.revision());
        for (InstanceStatus i : s.instances()) {
            sb.append('|').append(i.id()).append(':').append(i.state()).append(':').append(i.ready()).append(':').append(i.restarts())
                    .append(':').append(i.ports());
        }
        s.problems().forEach(p -> sb.append("|p:").append(p.type()).append(':').append(p.instance()));
        s.endpoints().forEach(e -> sb.append("|e:").append(e.address()));
        return sb.toString();
    }

    private void submit(Runnable r) {
        if (!closed.get()) {
            try {
                thread.execute(r);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // closed meanwhile
            }
        }
    }

    private java.util.concurrent.ScheduledFuture<?> schedule(Runnable r, long delayMs) {
        if (closed.get()) return null;
        try {
            return thread.schedule(r, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        ResultCallback.Adapter<Event> s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
        }
        thread.shutdownNow();
        onClose.run();
    }
}
