package io.drover.spi.support;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.drover.api.error.ConflictException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a read-modify-write again when its write lost a race: the object changed between the read
 * and the write (a stale Swarm service version, a stale Kubernetes resourceVersion). Bounded: a
 * few attempts with a short jittered backoff, then the last conflict is thrown as it was. The body
 * must read what it writes afresh on every attempt. Built on Failsafe; used by every backend
 * instead of its own loop.
 */
public final class ConflictRetry {
    /** Attempts in all, the first included, unless a backend says otherwise. */
    public static final int DEFAULT_ATTEMPTS = 5;

    private ConflictRetry() {}

    /** Runs {@code readModifyWrite}, again on a retryable {@link ConflictException}, {@value #DEFAULT_ATTEMPTS} attempts in all. */
    public static <T> T run(Supplier<T> readModifyWrite) {
        return run(DEFAULT_ATTEMPTS, e -> e instanceof ConflictException c && c.isRetryable(), readModifyWrite);
    }

    /**
     * Runs {@code readModifyWrite}, again when it throws an exception {@code isConflict} accepts,
     * {@code attempts} times in all (the first included), pausing 10 ms doubling to 400 ms, with
     * jitter, in between. Other exceptions, and the last conflict, are thrown unchanged.
     */
    public static <T> T run(int attempts, Predicate<Throwable> isConflict, Supplier<T> readModifyWrite) {
        Objects.requireNonNull(isConflict, "isConflict");
        Objects.requireNonNull(readModifyWrite, "readModifyWrite");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be 1 or more, was " + attempts);
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handleIf(isConflict::test)
                .withMaxAttempts(attempts)
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(400))
                .withJitter(0.5)
                .build();
        return Failsafe.with(policy).get(readModifyWrite::get);
    }
}
