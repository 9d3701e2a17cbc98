package io.drover.backend.local;

import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.spi.support.NamespacedNames;
import io.drover.spi.support.StatusAssembler;
import io.drover.spi.Labels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a service's instances and rollout into a {@link ServiceStatus}: replica counts, the aggregate
 * state from the shared {@link StatusAssembler}, instances, endpoints, problems with hints, and labels
 * (the user's plus Drover's {@code io.drover/*} ones).
 *
 * <p>Instances that are being replaced or stopped ({@link InstanceProcess#counted()} false) are
 * listed but not counted; the counts and the state follow the shared {@link StatusAssembler}.
 */
final class LocalStatusMapper {
    private LocalStatusMapper() {}

    /** The status of {@code service} now. Call on the actor thread. */
    static ServiceStatus map(ServiceRuntime service) {
        ServiceRef ref = NamespacedNames.parse(service.name());
        StatusAssembler.Builder status = StatusAssembler.of(ref.name()).namespace(ref.namespace())
                .desired(service.replicas())
                .revision(service.current().number());
        for (InstanceProcess i : service.instances()) {
            status.add(i.status(), null, !i.counted());
            if (i.counted()) status.problems(i.problems());
        }
        if (service.rolledBack()) {
            status.problem(new Problem(ProblemType.ROLLED_BACK, service.rolledBackMessage(), null, "rollback_completed", null));
        }
        if (service.stuckMessage() != null) {
            status.problem(new Problem(ProblemType.ROLLOUT_STUCK, service.stuckMessage(), null, "paused", null));
        }
        return status.rolloutInProgress(service.rolloutInProgress())
                .rolledBack(service.rolledBack())
                .exposed(service.exposure().isExposed(), "NoReadyBackends: the load balancer closes connections at once")
                .endpoints(service.endpoints())
                .labels(labels(service))
                .spec(service.appliedSpec())
                .build();
    }

    /** The service's labels: the spec's plus Drover's own. */
    static Map<String, String> labels(ServiceRuntime service) {
        Map<String, String> labels = new LinkedHashMap<>(service.current().template().labels());
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        labels.put(Labels.SERVICE, NamespacedNames.parse(service.name()).name());
        labels.put(Labels.REVISION, Long.toString(service.current().number()));
        labels.put(Labels.SPEC_HASH, service.current().fingerprint());
        return labels;
    }
}
