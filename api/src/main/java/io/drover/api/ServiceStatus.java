package io.drover.api;

import io.drover.api.spec.ServiceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a service looks like now: replica counts (desired, running, ready, updated to the current
 * revision), the aggregate {@link ServiceState}, its instances, endpoints, current revision, the
 * problems found with hints, its labels, the spec that was applied (null when the backend cannot
 * tell, e.g. a service Drover did not create), when this was observed, and the namespace the
 * service is in (null only from a backend that does not say).
 */
public record ServiceStatus(String name, ServiceState state, int desired, int running, int ready, int updated,
        long revision, List<InstanceStatus> instances, List<Endpoint> endpoints, List<Problem> problems,
        Map<String, String> labels, ServiceSpec spec, Instant observedAt, String namespace) {

    /** A status without a namespace. */
    public ServiceStatus(String name, ServiceState state, int desired, int running, int ready, int updated,
            long revision, List<InstanceStatus> instances, List<Endpoint> endpoints, List<Problem> problems,
            Map<String, String> labels, ServiceSpec spec, Instant observedAt) {
        this(name, state, desired, running, ready, updated, revision, instances, endpoints, problems, labels, spec, observedAt, null);
    }

    public ServiceStatus {
        instances = instances == null ? List.of() : List.copyOf(instances);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        problems = problems == null ? List.of() : List.copyOf(problems);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (observedAt == null) observedAt = Instant.now();
    }

    /** The service this status is of. */
    public ServiceRef ref() { return new ServiceRef(namespace, name); }

    /** This status, in this namespace. */
    public ServiceStatus withNamespace(String ns) {
        return new ServiceStatus(name, state, desired, running, ready, updated, revision, instances, endpoints, problems, labels, spec,
                observedAt, ns);
    }

    /** True when the state is READY. */
    public boolean isReady() { return state == ServiceState.READY; }

    /** True when there is a problem of this type. */
    public boolean has(ProblemType type) { return problems.stream().anyMatch(p -> p.type() == type); }

    /** One line: {@code web READY 3/3 ready, revision 2, problems: CRASH_LOOP}. */
    public String summary() {
        String s = name + " " + state + " " + ready + "/" + desired + " ready, " + updated + " updated, revision " + revision;
        if (!problems.isEmpty()) {
            s += ", problems: " + problems.stream().map(p -> p.type() + (p.instance() == null ? "" : "@" + p.instance())
                    + " (" + p.message() + ")").distinct().reduce((a, b) -> a + "; " + b).orElse("");
        }
        return s;
    }
}
