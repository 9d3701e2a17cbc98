package io.drover.spi.support;

import io.drover.api.Endpoint;
import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.StatusAggregator;
import io.drover.api.spec.ServiceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link ServiceStatus} from what a backend observed, so that every backend counts the
 * same way. A backend's status mapper adds the instances it sees (saying which are leaving and, where
 * the backend has them, their replica slot), the problems it diagnosed and the facts only it knows
 * (a rollout in progress, a rollback); the assembler pins the definitions:
 * <ul>
 *   <li>An instance <em>counts</em> when it is meant to run: instances {@linkplain Builder#leaving
 *       leaving} (replaced, scaled down, on a lost node and already rescheduled) are listed but
 *       never counted. Within one slot only the best counted instance counts (ready, then running,
 *       then the first added), so a slot never counts twice, even when an engine briefly reports an
 *       old and a new task for it.</li>
 *   <li>{@code running}: counted instances that are STARTING or RUNNING.</li>
 *   <li>{@code ready}: counted instances that are ready for traffic. An instance that a NODE_DOWN
 *       problem names is never ready: its last readiness was reported by a node that is gone, so it
 *       is listed with {@code ready = false}.</li>
 *   <li>{@code updated}: counted instances of the current revision (any state, like kubectl's
 *       UP-TO-DATE).</li>
 *   <li>A rollout is in progress when the backend says so or when a counted instance runs an older
 *       revision, except while a ROLLOUT_STUCK problem says the rollout is paused: then only the
 *       current revision's ready instances count for the state, so a stuck update never reads READY.</li>
 *   <li>An exposed service with desired replicas and no ready instance gets NO_READY_ENDPOINTS
 *       (unless the backend reported one in its own words).</li>
 *   <li>Problems are deduplicated by type, instance and native reason, first one kept.</li>
 * </ul>
 * The state itself comes from {@link StatusAggregator}.
 */
public final class StatusAssembler {
    private StatusAssembler() {}

    /** Starts the status of the service with this name. */
    public static Builder of(String name) {
        return new Builder(name);
    }

    /** Collects the observations of one service; {@link #build()} applies the definitions. */
    public static final class Builder {
        private final String name;
        private int desired;
        private long revision;
        private final List<Entry> entries = new ArrayList<>();
        private String namespace;
        private final List<Problem> problems = new ArrayList<>();
        private boolean rolloutInProgress;
        private boolean rolledBack;
        private boolean exposed;
        private String noEndpointsDetail;
        private String noEndpointsHint;
        private List<Endpoint> endpoints = List.of();
        private Map<String, String> labels = Map.of();
        private ServiceSpec spec;
        private Instant observedAt;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The desired replica count. */
        public Builder desired(int desired) { this.desired = desired; return this; }

        /** The service's current revision. */
        public Builder revision(long revision) { this.revision = revision; return this; }

        /** An instance meant to run, without a slot (each counts on its own). */
        public Builder instance(InstanceStatus instance) { return add(instance, null, false); }

        /** An instance meant to run in replica slot {@code slot} (null: no slot). */
        public Builder instance(InstanceStatus instance, Integer slot) { return add(instance, slot, false); }

        /** An instance that is going away: listed, never counted. */
        public Builder leaving(InstanceStatus instance) { return add(instance, null, true); }

        /** Adds the instance, counted unless {@code leaving}. */
        public Builder add(InstanceStatus instance, Integer slot, boolean leaving) {
            entries.add(new Entry(Objects.requireNonNull(instance, "instance"), slot, leaving, entries.size()));
            return this;
        }

        /** A diagnosed problem. */
        public Builder problem(Problem problem) { problems.add(problem); return this; }

        /** Diagnosed problems. */
        public Builder problems(List<Problem> more) { problems.addAll(more); return this; }

        /** Whether the backend itself reports a rollout in progress (an update running, a new generation not yet observed). */
        public Builder rolloutInProgress(boolean inProgress) { this.rolloutInProgress = inProgress; return this; }

        /** Whether the last update was rolled back (add the ROLLED_BACK problem with its words too). */
        public Builder rolledBack(boolean rolledBack) { this.rolledBack = rolledBack; return this; }

        /**
         * Whether the service is exposed; {@code detail} is the backend's own words for an exposure
         * with nothing behind it (its native reason), or null.
         */
        public Builder exposed(boolean exposed, String detail) {
            return exposed(exposed, detail, null);
        }

        /** As {@link #exposed(boolean, String)}, with the backend's own hint (null: the type's default). */
        public Builder exposed(boolean exposed, String detail, String hint) {
            this.exposed = exposed;
            this.noEndpointsDetail = detail;
            this.noEndpointsHint = hint;
            return this;
        }

        /** The reachable endpoints. */
        public Builder endpoints(List<Endpoint> endpoints) { this.endpoints = endpoints; return this; }

        /** The labels shown to users. */
        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }

        /** The applied spec, or null when the backend cannot tell. */
        public Builder spec(ServiceSpec spec) { this.spec = spec; return this; }

        /** The namespace the service is in. */
        public Builder namespace(String namespace) { this.namespace = namespace; return this; }

        /** When this was observed (default: now). */
        public Builder observedAt(Instant at) { this.observedAt = at; return this; }

        /** The status, with the counts, problems and state defined above. */
        public ServiceStatus build() {
            Set<String> onLostNodes = new HashSet<>();
            for (Problem p : problems) if (p.type() == ProblemType.NODE_DOWN && p.instance() != null) onLostNodes.add(p.instance());
            List<Entry> entries = this.entries.stream().map(e -> onLostNodes.contains(e.instance.id()) && e.instance.ready()
                    ? new Entry(notReady(e.instance), e.slot, e.leaving, e.order) : e).toList();
            Map<Object, Entry> counted = new LinkedHashMap<>();
            for (Entry e : entries) {
                if (e.leaving) continue;
                Object key = e.slot == null ? "#" + e.order : e.slot;
                counted.merge(key, e, (a, b) -> rank(b) > rank(a) ? b : a);
            }
            boolean stuck = problems.stream().anyMatch(p -> p.type() == ProblemType.ROLLOUT_STUCK);
            int running = 0, ready = 0, readyCurrent = 0, updated = 0;
            boolean oldCounted = false;
            for (Entry e : counted.values()) {
                InstanceStatus i = e.instance;
                if (i.state() == InstanceState.STARTING || i.state() == InstanceState.RUNNING) running++;
                if (i.ready()) {
                    ready++;
                    if (i.revision() == revision) readyCurrent++;
                }
                if (i.revision() == revision) updated++;
                else if (live(i)) oldCounted = true;
            }
            List<Problem> all = new ArrayList<>(problems);
            if (exposed && desired > 0 && ready == 0 && all.stream().noneMatch(p -> p.type() == ProblemType.NO_READY_ENDPOINTS)) {
                all.add(new Problem(ProblemType.NO_READY_ENDPOINTS, "service " + name
                        + " is exposed but no instance is ready, so nothing answers on its endpoints", null,
                        noEndpointsDetail == null ? "no ready instance behind the exposure" : noEndpointsDetail, noEndpointsHint));
            }
            List<Problem> distinct = dedupe(all);
            boolean inProgress = rolloutInProgress || oldCounted && !stuck;
            int readyForState = stuck ? readyCurrent : ready;
            ServiceState state = StatusAggregator.aggregate(desired, readyForState, inProgress, rolledBack, distinct);
            List<InstanceStatus> instances = entries.stream().map(e -> e.instance).toList();
            return new ServiceStatus(name, state, desired, running, ready, updated, revision, instances, endpoints,
                    distinct, labels, spec, observedAt == null ? Instant.now() : observedAt, namespace);
        }

        private static InstanceStatus notReady(InstanceStatus i) {
            return new InstanceStatus(i.id(), i.node(), i.state(), false, i.restarts(), i.lastExitCode(), i.revision(),
                    i.ports(), i.startedAt(), i.message());
        }

        private static boolean live(InstanceStatus i) {
            return i.state() == InstanceState.PENDING || i.state() == InstanceState.STARTING || i.state() == InstanceState.RUNNING;
        }

        private static int rank(Entry e) {
            InstanceStatus i = e.instance;
            if (i.ready()) return 3;
            if (i.state() == InstanceState.RUNNING || i.state() == InstanceState.STARTING) return 2;
            return live(i) ? 1 : 0;
        }

        private static List<Problem> dedupe(List<Problem> problems) {
            Map<String, Problem> seen = new LinkedHashMap<>();
            for (Problem p : problems) seen.putIfAbsent(p.type() + "|" + p.instance() + "|" + p.nativeReason(), p);
            return new ArrayList<>(seen.values());
        }
    }

    private record Entry(InstanceStatus instance, Integer slot, boolean leaving, int order) {}
}
