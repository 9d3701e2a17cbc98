package io.drover.backend.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.DroverException;
import io.drover.spi.support.StatusDiffWatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker events stream as the feed of a {@link StatusDiffWatch} (never polling): service events
 * (create, update, remove, including update-state changes such as a rollback), the containers of
 * swarm tasks (start, die, health status) and node changes. The manager records task states a
 * moment after the engine's container events, and placement failures ("no suitable node") without
 * any event, so a service is looked at again 1, 3 and 10 seconds after its last event. Docker
 * reports container events only on the node that runs the container, so a task on another node that
 * starts, becomes healthy or is rescheduled after a node loss makes no event on the manager at all:
 * while a service is not settled (not READY, FAILED or ROLLED_BACK), its status is also read again
 * 100 ms after each event, then backing off to every 2 s. If the stream breaks (engine restart), the
 * watch reconnects with backoff and compares every service again; an error that reconnecting cannot
 * cure (the engine refuses us) ends the watch through {@link WatchListener#onClose}.
 */
final class SwarmWatch implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmWatch.class);
    private static final long[] FOLLOW_UPS_MS = {1_000, 3_000, 10_000};
    private static final long RECHECK_FIRST_MS = 100;
    private static final long RECHECK_MAX_MS = 2_000;
    private final Map<String, Long> recheckDelay = new ConcurrentHashMap<>();
    private final Map<String, Long> recheckGeneration = new ConcurrentHashMap<>();
    private final Map<String, List<ScheduledFuture<?>>> followUps = new ConcurrentHashMap<>();
    private final Map<String, Boolean> afterEvent = new ConcurrentHashMap<>();
    private final DockerClient docker;
    private final Function<RuntimeException, DroverException> errors;
    private final StatusDiffWatch diff;
    private volatile ResultCallback.Adapter<Event> stream;
    private volatile long backoffMs = 500;

    /**
     * @param status one service's status by its native name (errors mapped)
     * @param list the selector's services (errors mapped)
     * @param errors the backend's error mapper, for failures of the event stream
     */
    SwarmWatch(DockerClient docker, Selector selector, WatchListener listener, Function<String, Optional<ServiceStatus>> status,
            Supplier<List<ServiceStatus>> list, Function<RuntimeException, DroverException> errors) {
        this.docker = docker;
        this.errors = errors;
        this.diff = new StatusDiffWatch("drover-swarm-watch", selector, listener, status, () -> byName(list.get()))
                .observer(this::recheckIfUnsettled)
                .onClosed(this::closeStream);
    }

    private static Map<String, ServiceStatus> byName(List<ServiceStatus> all) {
        Map<String, ServiceStatus> out = new LinkedHashMap<>();
        for (ServiceStatus s : all) out.put(io.drover.spi.support.NamespacedNames.nativeName(s.namespace(), s.name()), s);
        return out;
    }

    /** Runs {@code r} once when the watch ends (the backend forgets it then). */
    SwarmWatch onClose(Runnable r) {
        diff.onClosed(r);
        return this;
    }

    /** Reads the current statuses (without pushing them) and opens the event stream. */
    SwarmWatch start() {
        diff.start();
        connect();
        return this;
    }

    /** Ends the watch, telling the listener why (the backend was closed). */
    void fail(DroverException cause) {
        diff.fail(cause);
    }

    private void connect() {
        if (diff.isClosed()) return;
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event event) {
                backoffMs = 500;
                String name = serviceOf(event);
                if (name != null) {
                    afterEvent.put(name, true);
                    diff.changed(name);
                    followUp(name);
                } else if (event.getType() == com.github.dockerjava.api.model.EventType.NODE) {
                    diff.resync();
                }
            }

            @Override
            public void onError(Throwable t) {
                streamFailed(t);
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
            streamFailed(e);
        }
    }

    private void streamFailed(Throwable t) {
        if (diff.isClosed()) return;
        if (t instanceof RuntimeException e) {
            DroverException mapped = errors.apply(e);
            if (!mapped.isRetryable() && !(mapped instanceof io.drover.api.error.BackendUnavailableException)) {
                diff.fail(mapped);
                return;
            }
        }
        LOG.debug("Docker event stream failed; reconnecting", t);
        reconnect();
    }

    private void followUp(String name) {
        List<ScheduledFuture<?>> previous = followUps.remove(name);
        if (previous != null) previous.forEach(f -> f.cancel(false));
        List<ScheduledFuture<?>> next = new ArrayList<>();
        for (long delay : FOLLOW_UPS_MS) {
            ScheduledFuture<?> f = diff.schedule(() -> diff.changed(name), delay);
            if (f != null) next.add(f);
        }
        followUps.put(name, next);
    }

    private void reconnect() {
        if (diff.isClosed()) return;
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, 30_000);
        diff.schedule(() -> {
            connect();
            diff.resync();
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

    /**
     * Reads an unsettled service's status again soon: 100 ms after an event (the manager learns a
     * task's new state a moment after the container's event), then backing off to every 2 s (tasks
     * on other nodes make no events here). Only the latest scheduled recheck of a service runs.
     */
    private void recheckIfUnsettled(String name, ServiceStatus s) {
        boolean event = afterEvent.remove(name) != null;
        if (s.state().isSettled()) {
            recheckDelay.remove(name);
            recheckGeneration.remove(name);
            return;
        }
        long delay = event || !recheckDelay.containsKey(name) ? RECHECK_FIRST_MS
                : Math.min(recheckDelay.get(name) * 2, RECHECK_MAX_MS);
        recheckDelay.put(name, delay);
        long generation = recheckGeneration.merge(name, 1L, Long::sum);
        diff.schedule(() -> {
            if (Long.valueOf(generation).equals(recheckGeneration.get(name))) diff.changed(name);
        }, delay);
    }

    private void closeStream() {
        ResultCallback.Adapter<Event> s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
        }
    }

    @Override
    public void close() {
        diff.close();
    }
}
