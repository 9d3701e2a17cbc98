package io.drover.api;

import java.util.List;

/**
 * The one place where instance facts become a {@link ServiceState}. Every backend calls it, so the
 * same situation reads the same on every backend. The rules, applied in order:
 * <ol>
 *   <li>The last update was rolled back: {@code ROLLED_BACK}.</li>
 *   <li>Desired &gt; 0, no instance ready, and a fatal problem ({@link ProblemType#isFatal()}):
 *       {@code FAILED}.</li>
 *   <li>Some but fewer than desired instances ready, and any problem: {@code DEGRADED}
 *       (two ready and one crash-looping out of three is DEGRADED, not FAILED).</li>
 *   <li>A rollout is in progress (fewer than desired instances run the current revision, or old
 *       ones are still around): {@code PROGRESSING}.</li>
 *   <li>At least the desired number ready (including 0 of 0): {@code READY}.</li>
 *   <li>None ready: {@code PENDING} (non-fatal problems such as UNSCHEDULABLE may say why).</li>
 *   <li>Otherwise (some ready, no problem): {@code PROGRESSING}.</li>
 * </ol>
 */
public final class StatusAggregator {
    private StatusAggregator() {}

    /**
     * @param desired desired replicas
     * @param ready instances that are ready
     * @param rolloutInProgress whether the backend is still rolling out the current revision
     * @param rolledBack whether the last update was rolled back (and no newer apply happened since)
     * @param problems problems found (a ROLLED_BACK problem alone does not make the state DEGRADED)
     */
    public static ServiceState aggregate(int desired, int ready, boolean rolloutInProgress, boolean rolledBack,
            List<Problem> problems) {
        if (rolledBack) return ServiceState.ROLLED_BACK;
        boolean anyProblem = problems.stream().anyMatch(p -> p.type() != ProblemType.ROLLED_BACK);
        boolean fatal = problems.stream().anyMatch(p -> p.type().isFatal());
        if (desired > 0 && ready == 0 && fatal) return ServiceState.FAILED;
        if (ready > 0 && ready < desired && anyProblem) return ServiceState.DEGRADED;
        if (rolloutInProgress) return ServiceState.PROGRESSING;
        if (ready >= desired) return ServiceState.READY;
        if (ready == 0) return ServiceState.PENDING;
        return ServiceState.PROGRESSING;
    }
}
