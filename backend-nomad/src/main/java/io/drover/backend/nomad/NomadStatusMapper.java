package io.drover.backend.nomad;

import static io.drover.backend.nomad.NomadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.api.Endpoint;
import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceStatus;
import io.drover.spi.support.StatusAssembler;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.spi.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A job's {@link ServiceStatus} from Nomad's own records: the job, its allocations (instances:
 * {@code ClientStatus}, {@code DesiredStatus}, {@code DeploymentStatus.Healthy}, {@code TaskStates}
 * and their events), its deployments, its evaluations and the nodes that are down. The diagnosis,
 * each problem with a hint in the nomad CLI's words:
 * <ul>
 *   <li>an evaluation's {@code FailedTGAllocs} (blocked placements): exhausted {@code cpu} or
 *       {@code memory} ({@code DimensionExhausted}) is INSUFFICIENT_RESOURCES, anything else
 *       (constraints filtered every node, no node in the datacenters) UNSCHEDULABLE;</li>
 *   <li>a task event {@code Driver Failure} about the image (pull, manifest, repository) is
 *       IMAGE_PULL_FAILED; other driver failures are CONFIG_ERROR;</li>
 *   <li>{@code Terminated} followed by {@code Restarting} or {@code Not Restarting} is CRASH_LOOP,
 *       with the exit code;</li>
 *   <li>{@code Restart Signaled} because a check went unhealthy, or a running allocation the
 *       deployment marked unhealthy, is PROBE_FAILING;</li>
 *   <li>an allocation on a down node, or {@code lost}, is NODE_DOWN;</li>
 *   <li>a failed deployment that auto-reverted ({@code "... - rolling back to job version N"}) is
 *       ROLLED_BACK until a newer version is registered; one failed by its progress deadline (or by
 *       unhealthy allocations, without a revert) is ROLLOUT_STUCK.</li>
 * </ul>
 * Counts, deduplication, NO_READY_ENDPOINTS and the state come from the shared {@link StatusAssembler}. Stateless and thread-safe.
 */
public final class NomadStatusMapper {
    /** What one job looks like in Nomad: the inputs of {@link #status}. Lists may be empty, never null. */
    public record JobView(JsonNode job, List<JsonNode> allocations, List<JsonNode> deployments, List<JsonNode> evaluations,
            Set<String> downNodes, List<JsonNode> registrations) {}

    private final String advertisedHost;

    /** A mapper naming {@code advertisedHost} for registrations that carry no address. */
    public NomadStatusMapper(String advertisedHost) {
        this.advertisedHost = advertisedHost;
    }

    /** The status of one job; {@code desired} is the group's count, or null to read it from the job (or its summary). */
    public ServiceStatus status(JobView v, Integer desired) {
        JsonNode job = v.job();
        String name = text(job, "ID");
        Map<String, String> meta = NomadJson.stringMap(job.path("Meta"));
        ServiceSpec spec = readSpec(meta.get(NomadTranslator.SPEC));
        int want = desired != null ? desired : desiredOf(job, v.allocations());
        long version = currentVersion(job, v.allocations(), v.deployments());
        String nsArg = namespaceArg(job);

        long revision = parseLong(meta.get(Labels.REVISION), version + 1);
        List<Problem> problems = new ArrayList<>();
        StatusAssembler.Builder status = StatusAssembler.of(name).namespace(text(job, "Namespace")).desired(want).revision(revision);
        JsonNode latest = latest(v.deployments());
        for (JsonNode a : v.allocations()) {
            String id = text(a, "ID");
            String client = String.valueOf(text(a, "ClientStatus"));
            String wanted = String.valueOf(text(a, "DesiredStatus"));
            boolean current = a.path("JobVersion").asLong(-1) == version;
            boolean onDownNode = v.downNodes().contains(text(a, "NodeID"));
            InstanceState state = state(client, wanted);
            boolean isRunning = state == InstanceState.RUNNING;
            JsonNode health = a.path("DeploymentStatus");
            boolean healthy = health.path("Healthy").isBoolean() ? health.get("Healthy").asBoolean() : isRunning;
            boolean isReady = isRunning && healthy && !onDownNode;
            int restarts = 0;
            Integer exit = null;
            String message = text(a, "ClientDescription");
            if (wanted.equals("run")) {
                for (var e : iterable(a.path("TaskStates"))) {
                    JsonNode ts = e.getValue();
                    restarts += ts.path("Restarts").asInt(0);
                    Integer code = taskProblems(ts.path("Events"), id, nsArg, problems);
                    if (code != null) exit = code;
                }
                if (isRunning && !healthy && problems.stream().noneMatch(p -> id.equals(p.instance()))) {
                    problems.add(new Problem(ProblemType.PROBE_FAILING, "allocation " + shortId(id) + " is running but unhealthy: its checks fail",
                            id, "DeploymentStatus.Healthy=false", "A check is failing: `nomad alloc status " + shortId(id)
                            + "` shows the checks; fix the probe's path and port or the app."));
                }
                if (onDownNode || client.equals("lost")) {
                    problems.add(new Problem(ProblemType.NODE_DOWN, "allocation " + shortId(id) + " is on node " + text(a, "NodeName")
                            + ", which is down", id, client.equals("lost") ? "lost" : "node down",
                            "A client node is down: `nomad node status` lists it; Nomad reschedules the allocation elsewhere."));
                }
            }
            status.add(new InstanceStatus(id, text(a, "NodeName"), state, isReady, restarts, exit, current ? revision : Math.max(0, revision - 1),
                    List.of(), startedAt(a), message), null, !wanted.equals("run"));
        }
        placementProblems(name, nsArg, v.evaluations(), problems);
        boolean rolledBack = rolledBack(v.deployments());
        if (latest != null && "failed".equals(text(latest, "Status")) && !rolledBack) {
            String why = String.valueOf(text(latest, "StatusDescription"));
            problems.add(new Problem(ProblemType.ROLLOUT_STUCK, "deployment " + shortId(text(latest, "ID")) + " failed: " + why, null, why,
                    "The rollout failed: `nomad job status " + name + nsArg + "` and `nomad alloc status <alloc>` show why; "
                            + "roll back with drover rollout undo " + name + "."));
        }
        if (rolledBack) {
            JsonNode failed = failedRollback(v.deployments());
            String why = failed == null ? "rolled back" : String.valueOf(text(failed, "StatusDescription"));
            problems.add(new Problem(ProblemType.ROLLED_BACK, "the update failed and Nomad reverted the job: " + why, null, why,
                    "Nomad rolled the job back: `nomad job history " + name + nsArg + "` shows the versions; check the failed "
                            + "version's allocations (`nomad alloc status`) before applying it again."));
        }
        boolean inProgress = latest != null && List.of("running", "pending", "paused", "initializing").contains(text(latest, "Status"));
        ExposeSpec expose = NomadPolicies.readExpose(NomadTranslator.parseHints(meta.get(NomadTranslator.HINTS)).path("expose"));
        Map<String, String> labels = new LinkedHashMap<>();
        meta.forEach((k, val) -> { if (!k.equals(NomadTranslator.SPEC) && !k.equals(NomadTranslator.HINTS)) labels.put(k, val); });
        return status.problems(problems)
                .rolloutInProgress(inProgress)
                .rolledBack(rolledBack)
                .exposed(expose.isExposed(), "no allocation is ready behind the service's registrations")
                .endpoints(endpoints(name, expose, v.registrations(), spec))
                .labels(labels)
                .spec(spec)
                .build();
    }

    /** The problems of one task's events, oldest first; returns the last exit code seen, or null. */
    private static Integer taskProblems(JsonNode events, String alloc, String nsArg, List<Problem> out) {
        Integer exit = null;
        boolean terminated = false;
        Problem crash = null;
        Problem last = null;
        for (JsonNode e : events) {
            String type = String.valueOf(text(e, "Type"));
            String display = firstText(e, "DisplayMessage", "DriverError", "Message");
            switch (type) {
                case "Driver Failure" -> {
                    String err = firstText(e, "DriverError", "DisplayMessage", "Message");
                    String lower = String.valueOf(err).toLowerCase(Locale.ROOT);
                    boolean image = lower.contains("pull") || lower.contains("image") || lower.contains("manifest") || lower.contains("repository");
                    last = image
                            ? new Problem(ProblemType.IMAGE_PULL_FAILED, "allocation " + shortId(alloc) + ": " + err, alloc, type,
                                    "The image could not be pulled: `nomad alloc status " + shortId(alloc) + nsArg
                                            + "` shows the driver's error; check the image name, tag and registry credentials.")
                            : new Problem(ProblemType.CONFIG_ERROR, "allocation " + shortId(alloc) + ": " + err, alloc, type,
                                    "The docker driver refused the task: `nomad alloc status " + shortId(alloc) + nsArg + "` shows why.");
                }
                case "Terminated" -> {
                    exit = e.path("ExitCode").asInt(0);
                    terminated = true;
                }
                case "Restarting", "Not Restarting" -> {
                    if (terminated) {
                        crash = new Problem(ProblemType.CRASH_LOOP, "allocation " + shortId(alloc) + " exited with code " + exit + " ("
                                + display + ")", alloc, type, "The task keeps exiting: `nomad alloc logs " + shortId(alloc)
                                + "` (or drover logs) shows its output; `nomad alloc status " + shortId(alloc) + nsArg + "` its events.");
                    }
                    terminated = false;
                }
                case "Restart Signaled" -> {
                    String reason = firstText(e, "RestartReason", "DisplayMessage");
                    if (reason != null && reason.toLowerCase(Locale.ROOT).contains("unhealthy")) {
                        last = new Problem(ProblemType.PROBE_FAILING, "allocation " + shortId(alloc) + ": " + reason, alloc, reason,
                                "The liveness check fails and Nomad restarts the task: `nomad alloc status " + shortId(alloc) + nsArg
                                        + "` shows the check; fix its path and port or raise failureThreshold.");
                    }
                }
                case "Started" -> last = null; // a start after a driver failure or failed check clears it
                default -> { }
            }
        }
        if (crash != null) out.add(crash);
        if (last != null) out.add(last);
        return exit;
    }

    private static void placementProblems(String job, String nsArg, List<JsonNode> evaluations, List<Problem> out) {
        JsonNode newest = evaluations.stream().max(Comparator.comparingLong(e -> e.path("ModifyIndex").asLong(0))).orElse(null);
        for (JsonNode e : evaluations) {
            boolean relevant = "blocked".equals(text(e, "Status")) || e == newest;
            if (!relevant || !e.path("FailedTGAllocs").isObject()) continue;
            for (var g : iterable(e.path("FailedTGAllocs"))) {
                JsonNode metric = g.getValue();
                List<String> exhausted = new ArrayList<>();
                for (var d : iterable(metric.path("DimensionExhausted"))) exhausted.add(d.getKey());
                boolean resources = exhausted.stream().anyMatch(d -> d.toLowerCase(Locale.ROOT).contains("cpu")
                        || d.toLowerCase(Locale.ROOT).contains("memory"));
                String hint = "`nomad job status " + job + nsArg + "` shows the placement failure; `nomad node status -verbose` each node's room.";
                if (resources) {
                    out.add(new Problem(ProblemType.INSUFFICIENT_RESOURCES, "group " + g.getKey() + " cannot be placed: "
                            + String.join(", ", exhausted) + " exhausted on " + metric.path("NodesExhausted").asInt(0) + " of "
                            + metric.path("NodesEvaluated").asInt(0) + " nodes", null, "DimensionExhausted " + exhausted,
                            "No node has room for the requested CPU or memory: " + hint + " Lower spec.resources.requests or add clients."));
                } else {
                    List<String> filtered = new ArrayList<>();
                    for (var c : iterable(metric.path("ConstraintFiltered"))) filtered.add(c.getKey());
                    String why = filtered.isEmpty() ? "no eligible node (" + metric.path("NodesEvaluated").asInt(0) + " evaluated)"
                            : "constraints filtered the nodes: " + String.join(", ", filtered);
                    out.add(new Problem(ProblemType.UNSCHEDULABLE, "group " + g.getKey() + " cannot be placed: " + why, null,
                            "FailedTGAllocs", "No node can run the group: " + hint + " Check spec.placement and the datacenters."));
                }
            }
        }
    }

    /** Rolled back: the newest deployment auto-reverted, or it is the revert's own deployment (the next version). */
    static boolean rolledBack(List<JsonNode> deployments) {
        List<JsonNode> sorted = byNewest(deployments);
        if (sorted.isEmpty()) return false;
        if (isRevert(sorted.get(0))) return true;
        return sorted.size() > 1 && isRevert(sorted.get(1))
                && sorted.get(0).path("JobVersion").asLong() == sorted.get(1).path("JobVersion").asLong() + 1;
    }

    private static JsonNode failedRollback(List<JsonNode> deployments) {
        return byNewest(deployments).stream().filter(NomadStatusMapper::isRevert).findFirst().orElse(null);
    }

    private static boolean isRevert(JsonNode d) {
        return "failed".equals(text(d, "Status")) && String.valueOf(text(d, "StatusDescription")).contains("rolling back to job version");
    }

    private List<Endpoint> endpoints(String name, ExposeSpec expose, List<JsonNode> registrations, ServiceSpec spec) {
        List<Endpoint> out = new ArrayList<>();
        if (!expose.isExposed()) return out;
        for (ExposedPort p : expose.ports()) {
            String label = spec == null ? p.targetPort() : NomadChecks.label(spec, p.targetPort());
            for (JsonNode r : registrations) {
                String service = text(r, "ServiceName");
                boolean forPort = service != null && (service.equals(name + "-" + label)
                        || service.equals(name) && registrations.stream().noneMatch(o -> (name + "-" + label).equals(text(o, "ServiceName"))));
                if (!forPort) continue;
                String host = text(r, "Address") != null ? text(r, "Address") : advertisedHost;
                out.add(new Endpoint(p.targetPort(), host, r.path("Port").asInt(), io.drover.api.spec.Protocol.TCP, expose.type()));
            }
        }
        return out;
    }

    static InstanceState state(String client, String desired) {
        boolean stopping = desired.equals("stop") || desired.equals("evict");
        return switch (client) {
            case "pending" -> stopping ? InstanceState.STOPPED : InstanceState.PENDING;
            case "running" -> stopping ? InstanceState.STOPPING : InstanceState.RUNNING;
            case "complete" -> stopping ? InstanceState.STOPPED : InstanceState.COMPLETED;
            case "failed", "lost" -> InstanceState.FAILED;
            default -> InstanceState.PENDING; // unknown (a disconnected client)
        };
    }

    /** The group's desired count: {@code TaskGroups[0].Count} of a full job, else queued + starting + running of the list stub's summary. */
    static int desiredOf(JsonNode job, List<JsonNode> allocations) {
        JsonNode group = job.path("TaskGroups").path(0);
        if (group.has("Count")) return group.get("Count").asInt();
        int n = 0;
        for (var g : iterable(job.path("JobSummary").path("Summary"))) {
            n += g.getValue().path("Queued").asInt(0) + g.getValue().path("Starting").asInt(0) + g.getValue().path("Running").asInt(0);
        }
        return n;
    }

    static long currentVersion(JsonNode job, List<JsonNode> allocations, List<JsonNode> deployments) {
        if (job.path("Version").isNumber()) return job.get("Version").asLong();
        long v = -1;
        for (JsonNode d : deployments) v = Math.max(v, d.path("JobVersion").asLong(-1));
        for (JsonNode a : allocations) v = Math.max(v, a.path("JobVersion").asLong(-1));
        return Math.max(v, 0);
    }

    private static Instant startedAt(JsonNode alloc) {
        long created = alloc.path("CreateTime").asLong(0);
        return created > 0 ? Instant.ofEpochSecond(0, created) : null;
    }

    static JsonNode latest(List<JsonNode> deployments) {
        List<JsonNode> s = byNewest(deployments);
        return s.isEmpty() ? null : s.get(0);
    }

    private static List<JsonNode> byNewest(List<JsonNode> deployments) {
        List<JsonNode> s = new ArrayList<>(deployments);
        s.sort(Comparator.comparingLong((JsonNode d) -> d.path("CreateIndex").asLong(0)).reversed());
        return s;
    }

    private static String namespaceArg(JsonNode job) {
        String ns = text(job, "Namespace");
        return ns == null || ns.equals(NomadConfig.DEFAULT_NAMESPACE) ? "" : " -namespace " + ns;
    }

    private static ServiceSpec readSpec(String json) {
        if (json == null) return null;
        try {
            return SpecIO.read(json);
        } catch (RuntimeException e) {
            return null;
        }
    }


    private static String firstText(JsonNode e, String... fields) {
        for (String f : fields) if (text(e, f) != null) return text(e, f);
        return null;
    }

    static String shortId(String id) {
        return id == null || id.length() < 8 ? String.valueOf(id) : id.substring(0, 8);
    }

    private static long parseLong(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (object != null && object.isObject()) object.fields().forEachRemaining(out::add);
        return out;
    }
}
