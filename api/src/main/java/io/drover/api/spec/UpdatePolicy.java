package io.drover.api.spec;

/**
 * How changes roll out: {@code parallelism} instances at a time, in {@code order}, waiting
 * {@code delaySeconds} between batches; a new instance that is not ready within
 * {@code monitorSeconds} (or fails during them) counts as failed, and {@code failureAction} says
 * what happens then. Defaults: 1, startFirst, rollback, 10 s monitor, no delay.
 */
public record UpdatePolicy(Integer parallelism, UpdateOrder order, FailureAction failureAction,
        Integer monitorSeconds, Integer delaySeconds) {
    /** The defaults. */
    public static final UpdatePolicy DEFAULT = new UpdatePolicy(null, null, null, null, null);

    public UpdatePolicy {
        if (parallelism == null) parallelism = 1;
        if (order == null) order = UpdateOrder.START_FIRST;
        if (failureAction == null) failureAction = FailureAction.ROLLBACK;
        if (monitorSeconds == null) monitorSeconds = 10;
        if (delaySeconds == null) delaySeconds = 0;
    }
}
