package io.drover.backend.kubernetes;

import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.ProblemType;
import io.drover.api.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drover's automatic rollback on Kubernetes, which has none of its own: after an update whose
 * failure action is {@code rollback}, it follows the rollout (on every informer change and once a
 * second) and rolls back when a new instance is not ready {@code monitorSeconds} after it started,
 * when one cannot start at all (image pull failure, crash loop, bad configuration), or when the
 * Deployment exceeds its progress deadline. It stops following when the rollout completes or a
 * newer revision is applied. It runs inside this backend: a rollout left while no Drover process
 * runs is not followed.
 */
final class RolloutMonitor implements KubernetesCache.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutMonitor.class);

    /** Rolls {@code namespace/name} back from {@code failedRevision}, saying why. */
    interface Rollback {
        void rollBack(String namespace, String name, long failedRevision, String reason);
    }

    private record Rollout(long revision, Duration monitor, Instant since) {}

    private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
    private final BiFunction<String, String, Optional<ServiceStatus>> status;
    private final Rollback rollback;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drover-k8s-rollout");
        t.setDaemon(true);
        return t;
    });

    RolloutMonitor(BiFunction<String, String, Optional<ServiceStatus>> status, Rollback rollback) {
        this.status = status;
        this.rollback = rollback;
        timer.scheduleWithFixedDelay(() -> rollouts.keySet().forEach(this::check), 1, 1, TimeUnit.SECONDS);
    }

    /** Follows the rollout of {@code revision}. */
    void follow(String namespace, String name, long revision, int monitorSeconds) {
        rollouts.put(namespace + "/" + name, new Rollout(revision, Duration.ofSeconds(monitorSeconds), Instant.now()));
    }

    /** Stops following the service (it was deleted, rolled back by hand, or updated again). */
    void forget(String namespace, String name) {
        rollouts.remove(namespace + "/" + name);
    }

    @Override
    public void changed(String namespace, String service) {
        if (service != null && rollouts.containsKey(namespace + "/" + service)) timer.execute(() -> check(namespace + "/" + service));
    }

    private void check(String key) {
        Rollout r = rollouts.get(key);
        if (r == null) return;
        int slash = key.indexOf('/');
        String ns = key.substring(0, slash);
        String name = key.substring(slash + 1);
        try {
            Optional<ServiceStatus> current = status.apply(ns, name);
            if (current.isEmpty() || current.get().revision() != r.revision()) {
                rollouts.remove(key, r);
                return;
            }
            String failure = failure(current.get(), r, Instant.now());
            if (failure != null) {
                if (rollouts.remove(key, r)) {
                    LOG.info("rolling {} back from revision {}: {}", key, r.revision(), failure);
                    rollback.rollBack(ns, name, r.revision(), failure);
                }
            } else if (complete(current.get(), r)) {
                rollouts.remove(key, r);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check the rollout of {}", key, e);
        }
    }

    /** Why the rollout failed, or null while it has not. */
    static String failure(ServiceStatus s, Rollout r, Instant now) {
        if (s.has(ProblemType.ROLLOUT_STUCK)) return "the progress deadline passed";
        for (InstanceStatus i : s.instances()) {
            if (i.revision() != r.revision() || i.state() == InstanceState.STOPPING) continue;
            boolean fatal = s.problems().stream().anyMatch(p -> i.id().equals(p.instance()) && p.type().isFatal());
            if (fatal) return "instance " + i.id() + " cannot run: " + s.problems().stream().filter(p -> i.id().equals(p.instance()))
                    .map(p -> p.type() + " " + p.message()).findFirst().orElse("");
            Instant started = i.startedAt() == null ? null : i.startedAt().isBefore(r.since()) ? r.since() : i.startedAt();
            if (i.state() == InstanceState.RUNNING && !i.ready() && started != null && now.isAfter(started.plus(r.monitor()))) {
                return "instance " + i.id() + " was not ready " + r.monitor().toSeconds() + " s after it started";
            }
        }
        return null;
    }

    static String failure(ServiceStatus s, long revision, int monitorSeconds, Instant since, Instant now) {
        return failure(s, new Rollout(revision, Duration.ofSeconds(monitorSeconds), since), now);
    }

    private static boolean complete(ServiceStatus s, Rollout r) {
        return s.updated() >= s.desired() && s.ready() >= s.desired() && s.instances().stream()
                .filter(i -> i.state() != InstanceState.STOPPING).allMatch(i -> i.revision() == r.revision() && i.ready());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        rollouts.clear();
    }
}
