package io.drover.backend.kubernetes;

import io.drover.spi.support.ConflictRetry;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * How the backend writes one service without losing an update. A write reads the Deployment,
 * computes the new one from it (the next revision number, the kind of change) and applies it with
 * the resourceVersion it read as a precondition, so that a concurrent change in between (another
 * Drover, kubectl, the controller's status) makes the API server answer 409 instead of being
 * overwritten. Such a conflict repeats the whole read-compute-write, up to {@value #ATTEMPTS}
 * times with a short jittered backoff; then the conflict is thrown (as a retryable
 * {@link io.drover.api.error.ConflictException}). Writes to one service from threads of this
 * backend are also serialised, which covers two first applies racing to create it (a create has no
 * resourceVersion to check). Thread-safe.
 */
final class ServiceWrites {
    /** Attempts of one write before a conflict is given up on. */
    static final int ATTEMPTS = 12;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Runs {@code write} for {@code namespace/name} under its lock, again after each resourceVersion conflict. */
    <T> T write(String namespace, String name, Supplier<T> write) {
        ReentrantLock lock = locks.computeIfAbsent(namespace + "/" + name, k -> new ReentrantLock());
        lock.lock();
        try {
            return ConflictRetry.run(ATTEMPTS, e -> e instanceof KubernetesClientException k && isStale(k), write);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A 409 about a stale resourceVersion ("the object has been modified"), or about a create that
     * lost the race ("already exists"): both mean that what the write was computed from is outdated.
     */
    static boolean isStale(KubernetesClientException e) {
        if (e.getCode() != 409) return false;
        String reason = e.getStatus() == null ? null : e.getStatus().getReason();
        return reason == null || "Conflict".equals(reason) || "AlreadyExists".equals(reason);
    }

}
