package io.drover.backend.local;

import io.drover.api.spec.FailureAction;
import java.util.ArrayList;
import java.util.List;

/**
 * A rolling update in progress from one revision to another: what to do when it fails, and the
 * batch being replaced now (its new instances, the old ones they replace, and by when the new ones
 * must be ready). Confined to the supervisor's actor thread.
 */
final class Rollout {
    final long from;
    final long to;
    final FailureAction onFailure;
    final boolean isRollback;
    Batch batch;
    long delayUntilNanos;

    Rollout(long from, long to, FailureAction onFailure, boolean isRollback) {
        this.from = from;
        this.to = to;
        this.onFailure = onFailure;
        this.isRollback = isRollback;
    }

    /** One batch of a rollout: started instances, the instances they replace, and the monitor deadline. */
    static final class Batch {
        final List<InstanceProcess> started = new ArrayList<>();
        final List<InstanceProcess> replacing = new ArrayList<>();
        final long deadlineNanos;

        Batch(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }
}
