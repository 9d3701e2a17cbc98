package io.drover.backend.local;

import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.StatusAggregator;
import io.drover.spi.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a service's instances and rollout into a {@link ServiceStatus}: replica counts, the aggregate
 * state from {@link StatusAggregator}, instances, endpoints, problems with hints, and labels
 * (the user's plus Drover's {@code io.drover/*} ones).
 *
 * <p>Counts: {@code running} are instances whose process runs (starting or running), {@code ready}
 * those passing readiness (or running, without a readiness probe), {@code updated} those of the
 * current revision. While a rollout is paused (ROLLOUT_STUCK), only ready instances of the current
 * revision count for the state, so a stuck update reads FAILED rather than READY.
 */
final class LocalStatusMapper {
    private LocalStatusMapper() {}

    /** The status of {@code service} now. Call on the actor thread. */
    static ServiceStatus map(ServiceRuntime service) {
        List<InstanceStatus> instances = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int running = 0, ready = 0, readyCurrent = 0, updated = 0;
        boolean oldAround = false;
        long revision = service.current().number();
        for (InstanceProcess i : service.instances()) {
            InstanceStatus s = i.status();
            instances.add(s);
            if (s.state() == InstanceState.STARTING || s.state() == InstanceState.RUNNING) running++;
            if (s.ready() && i.counted()) {
                ready++;
                if (s.revision() == revision) readyCurrent++;
            }
            if (i.counted()) {
                if (s.revision() == revision) updated++;
                else oldAround = true;
            }
            if (i.counted()) problems.addAll(i.problems());
        }
        int desired = service.replicas();
        if (service.rolledBack()) {
            problems.add(new Problem(ProblemType.ROLLED_BACK, service.rolledBackMessage(), null, "rollback_completed", null));
        }
        if (service.stuckMessage() != null) {
            problems.add(new Problem(ProblemType.ROLLOUT_STUCK, service.stuckMessage(), null, "paused", null));
        }
        if (service.exposure().isExposed() && desired > 0 && ready == 0) {
            problems.add(new Problem(ProblemType.NO_READY_ENDPOINTS, "service " + service.name()
                    + " is exposed but no instance is ready, so connections to it are closed at once", null, "NoReadyBackends", null));
        }
        boolean inProgress = service.rolloutInProgress() || (oldAround && service.stuckMessage() == null);
        int readyForState = service.stuckMessage() != null ? readyCurrent : ready;
        ServiceState state = StatusAggregator.aggregate(desired, readyForState, inProgress, service.rolledBack(), problems);
        return new ServiceStatus(service.name(), state, desired, running, ready, updated, revision, instances,
                service.endpoints(), problems, labels(service), service.appliedSpec(), null);
    }

    /** The service's labels: the spec's plus Drover's own. */
    static Map<String, String> labels(ServiceRuntime service) {
        Map<String, String> labels = new LinkedHashMap<>(service.current().template().labels());
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        labels.put(Labels.SERVICE, service.name());
        labels.put(Labels.REVISION, Long.toString(service.current().number()));
        labels.put(Labels.SPEC_HASH, service.current().fingerprint());
        return labels;
    }
}
