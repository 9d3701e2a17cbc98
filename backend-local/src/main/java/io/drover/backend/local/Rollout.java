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

    /**
     * One batch of a rollout: how many instances it replaces, the old instances that must be gone
     * before the new ones start (stop-first), the new instances started, the old ones they replace
     * once ready (start-first), and the monitor deadline of the new ones.
     */
    static final class Batch {
        final int size;
        final List<InstanceProcess> stopping = new ArrayList<>();
        final List<InstanceProcess> started = new ArrayList<>();
        final List<InstanceProcess> replacing = new ArrayList<>();
        long deadlineNanos;

        Batch(int size) {
            this.size = size;
        }
    }
}
