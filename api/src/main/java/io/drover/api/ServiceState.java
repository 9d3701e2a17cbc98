package io.drover.api;

/**
 * The aggregate state of a service, derived from its instances by {@link StatusAggregator}.
 * A missing service has no state: {@code status(name)} answers empty.
 */
public enum ServiceState {
    /** Nothing is ready yet, and nothing has failed for good (starting, scheduling, waiting for room). */
    PENDING,
    /** A rollout is under way, or some but not all instances are ready and none has a problem. */
    PROGRESSING,
    /** At least the desired number of instances run the current revision and are ready. */
    READY,
    /** Some instances are ready, but fewer than desired, and problems explain why. */
    DEGRADED,
    /** No instance is ready and a problem that will not go away by itself stands in the way. */
    FAILED,
    /** The last update failed and the service went back to its previous revision. */
    ROLLED_BACK;

    /** True for states a wait can stop at: READY, FAILED and ROLLED_BACK. */
    public boolean isSettled() { return this == READY || this == FAILED || this == ROLLED_BACK; }
}
