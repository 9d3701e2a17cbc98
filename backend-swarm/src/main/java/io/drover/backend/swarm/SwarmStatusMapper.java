package io.drover.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.api.Endpoint;
import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.PortBinding;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.spi.support.NamespacedNames;
import io.drover.spi.support.StatusAssembler;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.spi.Labels;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a service and its tasks, as the Engine API shows them, into a {@link ServiceStatus}: one
 * instance per slot (the task desired to run, else the slot's newest), restarts counted from the
 * slot's earlier tasks of the same revision, readiness as Swarm reports it (with a health check a
 * task only becomes {@code running} once healthy), and typed problems with the engine's own words:
 * <ul>
 *   <li>"no suitable node": INSUFFICIENT_RESOURCES when it says insufficient resources,
 *       PORT_CONFLICT when a host-mode port is in use, else UNSCHEDULABLE;</li>
 *   <li>a missing or unpullable image: IMAGE_PULL_FAILED;</li>
 *   <li>"unhealthy container": PROBE_FAILING;</li>
 *   <li>non-zero exits with the slot not running: CRASH_LOOP;</li>
 *   <li>an instance on a node that is down (also one Swarm is replacing, until its replacement is
 *       ready): NODE_DOWN;</li>
 *   <li>an update the engine rolled back (UpdateStatus {@code rollback_completed} without a previous
 *       spec, which a rollback on request keeps): ROLLED_BACK; a paused update: ROLLOUT_STUCK;</li>
 *   <li>other task errors: CONFIG_ERROR;</li>
 *   <li>an exposed service with desired replicas but no ready task: NO_READY_ENDPOINTS.</li>
 * </ul>
 * Counts, deduplication, NO_READY_ENDPOINTS and the state come from the shared {@link StatusAssembler}. Stateless and thread-safe.
 */
public final class SwarmStatusMapper {
    private static final Set<String> ENDED = Set.of("complete", "failed", "rejected", "shutdown", "remove", "orphaned");
    private final String fallbackHost;

    /** A mapper that reports published ports at {@code fallbackHost} when a node's address is unknown. */
    public SwarmStatusMapper(String fallbackHost) {
        this.fallbackHost = fallbackHost;
    }

    /**
     * The status of {@code service} (an element of {@code GET /services}), given its tasks and the
     * swarm's nodes by id (either may be incomplete; missing nodes count as up).
     */
    public ServiceStatus map(JsonNode service, List<JsonNode> tasks, Map<String, JsonNode> nodes) {
        return map(service, tasks, nodes, Map.of());
    }

    /** The health of a task's container as its engine reports it: status, failing streak, last check output. */
    public record TaskHealth(String status, int failingStreak, String lastOutput) {}

    /**
     * Like {@link #map(JsonNode, List, Map)}, with the health of some tasks' containers by task id
     * (the manager can only inspect containers on its own node), which names failing health checks
     * while they fail.
     */
    public ServiceStatus map(JsonNode service, List<JsonNode> tasks, Map<String, JsonNode> nodes, Map<String, TaskHealth> health) {
        JsonNode spec = service.path("Spec");
        String name = SwarmJson.text(spec, "Name");
        Map<String, String> labels = SwarmJson.stringMap(spec.path("Labels"));
        ServiceSpec neutral = neutralSpec(labels);
        long revision = parseLong(labels.get(Labels.REVISION), 0);
        JsonNode replicated = spec.path("Mode").path("Replicated");
        int desired = replicated.has("Replicas") ? replicated.get("Replicas").asInt() : countGlobal(tasks);

        Map<Integer, List<JsonNode>> bySlot = new TreeMap<>();
        for (JsonNode t : tasks) {
            int slot = t.has("Slot") ? t.get("Slot").asInt() : Math.abs(SwarmJson.text(t, "NodeID").hashCode());
            bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(t);
        }
        ServiceRef ref = NamespacedNames.parse(String.valueOf(name));
        StatusAssembler.Builder status = StatusAssembler.of(ref.name()).namespace(ref.namespace()).desired(desired).revision(revision);
        List<InstanceStatus> instances = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<Integer, List<JsonNode>> e : bySlot.entrySet()) {
            List<JsonNode> slotTasks = new ArrayList<>(e.getValue());
            slotTasks.sort(Comparator.comparing((JsonNode t) -> timestamp(t)).reversed());
            List<JsonNode> current = slotTasks.stream().filter(t -> isDesiredRunning(t) || isStopping(t)).toList();
            if (current.isEmpty()) {
                if (e.getKey() > desired || slotTasks.isEmpty()) continue;
                JsonNode newest = slotTasks.get(0);
                // a slot whose newest task ended for good (restart none / max attempts): show it
                if (!"shutdown".equals(SwarmJson.text(newest, "DesiredState")) || !isEndedByItself(newest)) continue;
                current = List.of(newest);
            }
            // Swarm replaces the tasks of a lost node at once (desired shutdown), but they stay "running"
            // there until the node returns: the slot's node is down until its replacement is ready
            boolean slotReady = current.stream().anyMatch(t -> isDesiredRunning(t)
                    && "running".equals(SwarmJson.text(t.path("Status"), "State")));
            for (JsonNode task : current) {
                InstanceStatus instance = instance(task, slotTasks, nodes, neutral);
                instances.add(instance);
                boolean leaving = isStopping(task) && !isEndedByItself(task);
                status.add(instance, e.getKey(), leaving);
                if (!instance.ready() && isDesiredRunning(task) || isEndedByItself(task) && !instance.ready()) {
                    problems.addAll(taskProblems(task, slotTasks, instance, hasHealthCheck(spec), health.get(SwarmJson.text(task, "ID"))));
                }
                JsonNode node = nodes.get(SwarmJson.text(task, "NodeID"));
                if (node != null && "down".equals(SwarmJson.text(node.path("Status"), "State"))
                        && (isDesiredRunning(task) || isStopping(task) && !slotReady)) {
                    problems.add(new Problem(ProblemType.NODE_DOWN, "node " + nodeName(node) + " is down", instance.id(),
                            "node " + SwarmJson.text(node.path("Status"), "State")
                                    + (SwarmJson.text(node.path("Status"), "Message") == null ? ""
                                            : ": " + SwarmJson.text(node.path("Status"), "Message")), null));
                }
            }
        }
        JsonNode updateStatus = service.path("UpdateStatus");
        String updateState = SwarmJson.text(updateStatus, "State");
        boolean hasPrevious = service.hasNonNull("PreviousSpec");
        boolean rolledBack = "rollback_completed".equals(updateState) && !hasPrevious;
        if (rolledBack) {
            problems.add(new Problem(ProblemType.ROLLED_BACK, "the update failed and Swarm rolled back to revision " + revision
                    + failedUpdateReason(tasks, revision), null, updateState + ": " + SwarmJson.text(updateStatus, "Message"), null));
        }
        if ("paused".equals(updateState) || "rollback_paused".equals(updateState)) {
            problems.add(new Problem(ProblemType.ROLLOUT_STUCK, "the rollout is paused: " + SwarmJson.text(updateStatus, "Message"),
                    null, updateState, null));
        }
        Map<String, String> shownLabels = new LinkedHashMap<>(labels);
        shownLabels.remove(SwarmTranslator.SPEC_LABEL);
        return status.problems(problems)
                .rolloutInProgress("updating".equals(updateState) || "rollback_started".equals(updateState))
                .rolledBack(rolledBack)
                .exposed(isExposed(labels), "no running, healthy task behind the published ports")
                .endpoints(endpoints(service, instances, neutral))
                .labels(shownLabels)
                .spec(neutral)
                .build();
    }

    private static boolean isExposed(Map<String, String> labels) {
        String exposeJson = labels.get(SwarmTranslator.EXPOSE_LABEL);
        return exposeJson != null && SwarmJson.readExpose(exposeJson).isExposed();
    }

    /**
     * The reachable endpoints of the service's exposure: in host publish mode, the host port of each
     * ready instance's target port (there is no one balanced address without the ingress mesh); in
     * ingress mode, the port published on the mesh; for {@code internal}, the service's name on its
     * networks.
     */
    public List<Endpoint> endpoints(JsonNode service, List<InstanceStatus> instances, ServiceSpec neutral) {
        JsonNode spec = service.path("Spec");
        Map<String, String> labels = SwarmJson.stringMap(spec.path("Labels"));
        String exposeJson = labels.get(SwarmTranslator.EXPOSE_LABEL);
        if (exposeJson == null) return List.of();
        ExposeSpec expose = SwarmJson.readExpose(exposeJson);
        List<Endpoint> out = new ArrayList<>();
        String name = SwarmJson.text(spec, "Name");
        for (ExposedPort p : expose.ports()) {
            Integer target = neutral != null ? neutral.resolvePort(p.targetPort()).orElse(null) : parseInt(p.targetPort());
            if (target == null) continue;
            String portName = neutral != null ? neutral.ports().stream().filter(x -> x.containerPort() == target)
                    .map(PortSpec::name).findFirst().orElse(p.targetPort()) : p.targetPort();
            if (expose.type() == ExposeType.INTERNAL) {
                out.add(new Endpoint(portName, name, target, Protocol.TCP, ExposeType.INTERNAL));
                continue;
            }
            boolean ingress = false;
            for (JsonNode port : service.path("Endpoint").path("Ports")) {
                if ("ingress".equals(SwarmJson.text(port, "PublishMode")) && port.path("TargetPort").asInt() == target) {
                    out.add(new Endpoint(portName, fallbackHost, port.path("PublishedPort").asInt(), protocol(port), expose.type()));
                    ingress = true;
                }
            }
            if (ingress) continue;
            for (InstanceStatus i : instances) {
                if (!i.ready()) continue;
                for (PortBinding b : i.ports()) {
                    if (b.containerPort() == target) out.add(new Endpoint(portName, b.host(), b.hostPort(), b.protocol(), expose.type()));
                }
            }
        }
        return out;
    }

    private InstanceStatus instance(JsonNode task, List<JsonNode> slotTasks, Map<String, JsonNode> nodes, ServiceSpec neutral) {
        JsonNode status = task.path("Status");
        String taskState = String.valueOf(SwarmJson.text(status, "State"));
        InstanceState state = instanceState(taskState, SwarmJson.text(task, "DesiredState"), exitCode(task));
        boolean ready = state == InstanceState.RUNNING && isDesiredRunning(task);
        long revision = taskRevision(task);
        int restarts = 0;
        Integer lastExit = ENDED.contains(taskState) ? exitCode(task) : null;
        for (JsonNode other : slotTasks) {
            if (other == task || taskRevision(other) != revision) continue;
            if (!isEndedByItself(other)) continue;
            if (timestamp(other).isAfter(timestamp(task))) continue;
            restarts++;
            if (lastExit == null) lastExit = exitCode(other);
        }
        JsonNode node = nodes.get(SwarmJson.text(task, "NodeID"));
        String host = nodeAddress(node);
        List<PortBinding> ports = new ArrayList<>();
        for (JsonNode p : status.path("PortStatus").path("Ports")) {
            int target = p.path("TargetPort").asInt();
            String portName = neutral == null ? null : neutral.ports().stream().filter(x -> x.containerPort() == target)
                    .map(PortSpec::name).findFirst().orElse(null);
            PortBinding binding = new PortBinding(portName, target, host, p.path("PublishedPort").asInt(), protocol(p));
            if (!ports.contains(binding)) ports.add(binding); // the engine lists IPv4 and IPv6 bindings alike
        }
        Instant started = state == InstanceState.RUNNING ? timestamp(task) : null;
        String message = SwarmJson.text(status, "Err");
        if (message == null) message = SwarmJson.text(status, "Message");
        if (message == null || message.isBlank()) message = "task " + SwarmJson.text(task, "ID");
        else message = "task " + SwarmJson.text(task, "ID") + ": " + message;
        return new InstanceStatus(instanceId(task), node == null ? SwarmJson.text(task, "NodeID") : nodeName(node),
                state, ready, restarts, lastExit, revision, ports, started, message);
    }

    private List<Problem> taskProblems(JsonNode task, List<JsonNode> slotTasks, InstanceStatus instance,
            boolean healthChecked, TaskHealth health) {
        List<Problem> out = new ArrayList<>();
        if (health != null && ("unhealthy".equals(health.status()) || health.failingStreak() > 0)) {
            out.add(new Problem(ProblemType.PROBE_FAILING, "the health check fails (" + health.failingStreak() + " in a row)",
                    instance.id(), "health " + health.status() + (health.lastOutput() == null || health.lastOutput().isBlank()
                            ? "" : ": " + health.lastOutput().strip()), null));
        }
        String err = SwarmJson.text(task.path("Status"), "Err");
        String state = SwarmJson.text(task.path("Status"), "State");
        if (err != null) {
            Problem p = classify(err, instance.id());
            if (p != null) out.add(p);
        }
        // the slot's earlier failures of this revision say why it is not running now
        int crashes = 0;
        Integer lastCode = null;
        String lastErr = null;
        for (JsonNode other : slotTasks) {
            if (other == task || taskRevision(other) != instance.revision() || !isEndedByItself(other)) continue;
            String otherErr = SwarmJson.text(other.path("Status"), "Err");
            Integer code = exitCode(other);
            if (otherErr != null && otherErr.contains("unhealthy")) {
                out.add(new Problem(ProblemType.PROBE_FAILING, "the health check failed and Swarm replaced the instance",
                        instance.id(), otherErr, null));
            } else if (healthChecked && code != null && code == 0 && "complete".equals(SwarmJson.text(other.path("Status"), "State"))) {
                // stopped by Swarm before it became healthy (a clean exit on SIGTERM reads "finished")
                out.add(new Problem(ProblemType.PROBE_FAILING, "an instance was replaced before its health check passed",
                        instance.id(), "task " + SwarmJson.text(other, "ID") + ": " + SwarmJson.text(other.path("Status"), "Message"), null));
            } else if (code != null && code != 0) {
                crashes++;
                if (lastCode == null) { lastCode = code; lastErr = otherErr; }
            } else if (otherErr != null) {
                Problem p = classify(otherErr, instance.id());
                if (p != null) out.add(p);
            }
        }
        Integer ownCode = exitCode(task);
        if (ownCode != null && ownCode != 0 && ENDED.contains(String.valueOf(state))) {
            crashes++;
            if (lastCode == null) { lastCode = ownCode; lastErr = err; }
        }
        if (crashes > 0 && out.stream().noneMatch(p -> p.type() == ProblemType.CRASH_LOOP)) {
            out.removeIf(p -> p.type() == ProblemType.CONFIG_ERROR && p.nativeReason() != null && p.nativeReason().contains("non-zero exit"));
            out.add(new Problem(ProblemType.CRASH_LOOP, "exited with code " + lastCode + (crashes > 1 ? " (" + crashes + " times)" : ""),
                    instance.id(), lastErr != null ? lastErr : "non-zero exit (" + lastCode + ")", null));
        }
        return out;
    }

    /** The problem a task error describes, or null when it is not one. */
    static Problem classify(String err, String instance) {
        String e = err.toLowerCase(Locale.ROOT);
        if (e.contains("no suitable node")) {
            if (e.contains("insufficient resources")) {
                return new Problem(ProblemType.INSUFFICIENT_RESOURCES, "no node has room for the requested CPU or memory", instance, err, null);
            }
            if (e.contains("port") && e.contains("in use")) {
                return new Problem(ProblemType.PORT_CONFLICT, "the pinned host port is in use on every node", instance, err, null);
            }
            return new Problem(ProblemType.UNSCHEDULABLE, "no node satisfies the placement", instance, err, null);
        }
        if (e.contains("no such image") || e.contains("pull access denied") || e.contains("manifest unknown")
                || e.contains("repository does not exist") || e.contains("error pulling") || e.contains("failed to resolve reference")
                || e.contains("not found: manifest")) {
            return new Problem(ProblemType.IMAGE_PULL_FAILED, "the image cannot be pulled", instance, err, null);
        }
        if (e.contains("unhealthy")) {
            return new Problem(ProblemType.PROBE_FAILING, "the health check failed and Swarm replaced the instance", instance, err, null);
        }
        if (e.contains("address already in use") || e.contains("port is already allocated")) {
            return new Problem(ProblemType.PORT_CONFLICT, "a port is already in use on the host", instance, err, null);
        }
        if (e.contains("non-zero exit")) {
            return new Problem(ProblemType.CRASH_LOOP, "the instance exited with an error", instance, err, null);
        }
        return new Problem(ProblemType.CONFIG_ERROR, "the instance could not run: " + err, instance, err, null);
    }

    /**
     * The id of the instance a task is: Swarm's slot, {@code <service>.<slot>} (the task name without
     * its task id; {@code <service>.<node id>} in global mode). It stays the same when Swarm
     * replaces a failed task, as an instance restarting would.
     */
    static String instanceId(JsonNode task) {
        String service = SwarmJson.text(task.path("Spec").path("ContainerSpec").path("Labels"), Labels.SERVICE);
        if (service == null) service = SwarmJson.text(task, "ServiceID");
        JsonNode slot = task.get("Slot");
        return service + "." + (slot != null && slot.asInt() > 0 ? slot.asText() : SwarmJson.text(task, "NodeID"));
    }

    private static boolean hasHealthCheck(JsonNode serviceSpec) {
        List<String> test = SwarmJson.strings(serviceSpec.path("TaskTemplate").path("ContainerSpec").path("Healthcheck").path("Test"));
        return !test.isEmpty() && !"NONE".equals(test.get(0));
    }

    private static String failedUpdateReason(List<JsonNode> tasks, long revision) {
        return tasks.stream().filter(t -> taskRevision(t) > revision)
                .map(t -> SwarmJson.text(t.path("Status"), "Err")).filter(e -> e != null)
                .findFirst().map(e -> "; the new instances failed: " + e).orElse("");
    }

    private static InstanceState instanceState(String taskState, String desiredState, Integer exitCode) {
        return switch (taskState) {
            case "new", "allocated", "pending", "assigned", "accepted", "preparing", "ready" -> InstanceState.PENDING;
            case "starting" -> InstanceState.STARTING;
            case "running" -> "running".equals(desiredState) || "ready".equals(desiredState) ? InstanceState.RUNNING : InstanceState.STOPPING;
            case "complete" -> exitCode == null || exitCode == 0 ? InstanceState.COMPLETED : InstanceState.FAILED;
            case "failed", "rejected" -> InstanceState.FAILED;
            default -> InstanceState.STOPPED;
        };
    }

    private static boolean isDesiredRunning(JsonNode t) {
        String d = SwarmJson.text(t, "DesiredState");
        return "running".equals(d) || "ready".equals(d);
    }

    private static boolean isStopping(JsonNode t) {
        return !isDesiredRunning(t) && "running".equals(SwarmJson.text(t.path("Status"), "State"));
    }

    private static boolean isEndedByItself(JsonNode t) {
        String s = SwarmJson.text(t.path("Status"), "State");
        if ("failed".equals(s) || "rejected".equals(s)) return true;
        // complete: it exited by itself (a stop on purpose ends as shutdown)
        return "complete".equals(s);
    }

    private static Integer exitCode(JsonNode t) {
        JsonNode c = t.path("Status").path("ContainerStatus").path("ExitCode");
        return c.isNumber() ? c.asInt() : null;
    }

    static long taskRevision(JsonNode t) {
        String r = SwarmJson.text(t.path("Spec").path("ContainerSpec").path("Labels"), Labels.REVISION);
        return parseLong(r, 0);
    }

    private String nodeAddress(JsonNode node) {
        if (node == null) return fallbackHost;
        String addr = SwarmJson.text(node.path("Status"), "Addr");
        return addr == null || addr.isBlank() || addr.equals("0.0.0.0") ? fallbackHost : addr;
    }

    private static String nodeName(JsonNode node) {
        String h = SwarmJson.text(node.path("Description"), "Hostname");
        return h != null ? h : SwarmJson.text(node, "ID");
    }

    private static Protocol protocol(JsonNode port) {
        return "udp".equalsIgnoreCase(SwarmJson.text(port, "Protocol")) ? Protocol.UDP : Protocol.TCP;
    }

    private static Instant timestamp(JsonNode t) {
        String ts = SwarmJson.text(t.path("Status"), "Timestamp");
        if (ts == null) ts = SwarmJson.text(t, "UpdatedAt");
        if (ts == null) return Instant.EPOCH;
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static int countGlobal(List<JsonNode> tasks) {
        return (int) tasks.stream().filter(SwarmStatusMapper::isDesiredRunning).count();
    }

    private static ServiceSpec neutralSpec(Map<String, String> labels) {
        String json = labels.get(SwarmTranslator.SPEC_LABEL);
        if (json == null) return null;
        try {
            return SpecIO.read(json);
        } catch (RuntimeException e) {
            return null;
        }
    }


    private static long parseLong(String s, long dflt) {
        if (s == null) return dflt;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
