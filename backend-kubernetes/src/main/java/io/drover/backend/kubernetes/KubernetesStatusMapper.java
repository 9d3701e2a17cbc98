package io.drover.backend.kubernetes;

import io.drover.api.Endpoint;
import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.PortBinding;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceStatus;
import io.drover.spi.support.StatusAssembler;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.spi.Labels;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Native objects to a {@link ServiceStatus}: the Deployment (desired replicas, revision, its
 * Progressing condition), its pods (one instance each, with the revision of its template), the
 * pods' Events, the Nodes, and the Service with its Endpoints. Problems and their hints use
 * kubectl's words:
 * <ul>
 *   <li>a pod the scheduler refused (PodScheduled False, or a FailedScheduling event): UNSCHEDULABLE,
 *       and INSUFFICIENT_RESOURCES when the reason is "Insufficient cpu/memory";</li>
 *   <li>ErrImagePull, ImagePullBackOff, InvalidImageName: IMAGE_PULL_FAILED;</li>
 *   <li>CrashLoopBackOff: CRASH_LOOP with the last exit code;</li>
 *   <li>CreateContainerConfigError and friends (a missing Secret): CONFIG_ERROR;</li>
 *   <li>a running, unready pod with "Unhealthy" events (or past its readiness probe's grace): PROBE_FAILING;</li>
 *   <li>a pod on a node whose Ready condition is not True: NODE_DOWN;</li>
 *   <li>Progressing False with ProgressDeadlineExceeded: ROLLOUT_STUCK;</li>
 *   <li>an exposed service with no ready endpoint: NO_READY_ENDPOINTS;</li>
 *   <li>Drover's automatic rollback ({@code io.drover/rolled-back-from}): ROLLED_BACK.</li>
 * </ul>
 * Counts, deduplication, NO_READY_ENDPOINTS and the state come from the shared {@link StatusAssembler}. Stateless and thread-safe.
 */
public final class KubernetesStatusMapper {

    /** The native objects one service is made of; lists hold only its own pods and their events. */
    public record Observed(Deployment deployment, List<Pod> pods, List<Event> events, Map<String, Node> nodes,
            Service service, Endpoints endpoints) {
        public Observed {
            pods = pods == null ? List.of() : pods;
            events = events == null ? List.of() : events;
            nodes = nodes == null ? Map.of() : nodes;
        }
    }

    /** The status of the observed service at {@code now}. */
    public ServiceStatus map(Observed o, Instant now) {
        Deployment d = o.deployment();
        String name = d.getMetadata().getName();
        String ns = d.getMetadata().getNamespace();
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        long revision = templateRevision(d);
        List<Problem> problems = new ArrayList<>();
        StatusAssembler.Builder status = StatusAssembler.of(name).namespace(ns).desired(desired).revision(revision);
        int updated = 0;
        List<Pod> pods = new ArrayList<>(o.pods());
        pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        for (Pod pod : pods) {
            InstanceStatus i = instance(pod, o.nodes());
            boolean terminating = i.state() == InstanceState.STOPPING;
            status.add(i, null, terminating);
            if (terminating) continue;
            if (i.revision() == revision) updated++;
            podProblems(pod, i, ns, o, now, problems);
        }
        deploymentProblems(d, ns, problems);
        boolean exposed = o.service() != null;
        String rolledBackFrom = annotation(d.getMetadata().getAnnotations(), KubernetesTranslator.ROLLED_BACK_FROM);
        boolean rolledBack = rolledBackFrom != null;
        if (rolledBack) {
            problems.add(new Problem(ProblemType.ROLLED_BACK, "revision " + rolledBackFrom + " failed its rollout and Drover rolled back to revision "
                    + revision, null, "RolledBack", "kubectl rollout history deployment/" + name + " -n " + ns
                    + " lists the revisions; check the failed version's logs (kubectl logs) and probes before applying it again"));
        }
        boolean generationPending = d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                || d.getMetadata().getGeneration() != null && d.getStatus().getObservedGeneration() < d.getMetadata().getGeneration();
        Map<String, String> labels = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
        return status.problems(problems)
                .rolloutInProgress(updated < desired || generationPending && desired > 0)
                .rolledBack(rolledBack)
                .exposed(exposed && readyAddresses(o.endpoints()) == 0, "NoReadyEndpoints", "kubectl get endpoints " + name + " -n " + ns + " lists no ready address: check that "
                        + "readiness passes (kubectl describe pod) and that the Service's targetPort names a container port")
                .endpoints(endpoints(o.service(), o.nodes()))
                .labels(labels)
                .spec(appliedSpec(d, o.service()))
                .observedAt(now)
                .build();
    }

    /** The revision of the Deployment's template: Drover's label, else the controller's revision annotation. */
    static long templateRevision(Deployment d) {
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata() == null ? null : d.getSpec().getTemplate().getMetadata().getLabels();
        String r = labels == null ? null : labels.get(Labels.REVISION);
        if (r == null) r = annotation(d.getMetadata().getAnnotations(), "deployment.kubernetes.io/revision");
        return parse(r);
    }

    /** The spec as applied: the template's neutral spec with the current replicas and the Service's exposure. */
    static ServiceSpec appliedSpec(Deployment d, Service service) {
        var meta = d.getSpec().getTemplate().getMetadata();
        String json = meta == null ? null : annotation(meta.getAnnotations(), KubernetesTranslator.SPEC);
        if (json == null) return null;
        try {
            ServiceSpec spec = SpecIO.read(json);
            ExposeSpec expose = KubernetesTranslator.exposeOf(service);
            return spec.toBuilder().replicas(d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas())
                    .expose(expose == null ? ExposeSpec.NONE : expose).build();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ instances

    static InstanceStatus instance(Pod pod, Map<String, Node> nodes) {
        var status = pod.getStatus();
        ContainerStatus cs = status == null || status.getContainerStatuses() == null || status.getContainerStatuses().isEmpty()
                ? null : status.getContainerStatuses().get(0);
        String phase = status == null ? "Pending" : String.valueOf(status.getPhase());
        boolean ready = pod.getMetadata().getDeletionTimestamp() == null && condition(pod, "Ready");
        InstanceState state;
        String message = null;
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            state = InstanceState.STOPPING;
        } else if ("Succeeded".equals(phase)) {
            state = InstanceState.COMPLETED;
        } else if ("Failed".equals(phase)) {
            state = InstanceState.FAILED;
            message = status.getReason();
        } else if (cs != null && cs.getState() != null && cs.getState().getRunning() != null) {
            state = Boolean.FALSE.equals(cs.getStarted()) ? InstanceState.STARTING : InstanceState.RUNNING;
        } else if (cs != null && cs.getState() != null && cs.getState().getTerminated() != null) {
            state = cs.getState().getTerminated().getExitCode() == 0 ? InstanceState.COMPLETED : InstanceState.FAILED;
            message = cs.getState().getTerminated().getReason();
        } else {
            state = InstanceState.PENDING;
            if (cs != null && cs.getState() != null && cs.getState().getWaiting() != null) message = cs.getState().getWaiting().getReason();
            else message = unscheduledMessage(pod);
        }
        Integer lastExit = null;
        if (cs != null && cs.getState() != null && cs.getState().getTerminated() != null) lastExit = cs.getState().getTerminated().getExitCode();
        else if (cs != null && cs.getLastState() != null && cs.getLastState().getTerminated() != null) lastExit = cs.getLastState().getTerminated().getExitCode();
        Instant started = null;
        if (cs != null && cs.getState() != null && cs.getState().getRunning() != null) started = instant(cs.getState().getRunning().getStartedAt());
        if (started == null && status != null) started = instant(status.getStartTime());
        String podIp = status == null ? null : status.getPodIP();
        List<PortBinding> ports = new ArrayList<>();
        var containers = pod.getSpec().getContainers();
        if (!containers.isEmpty() && containers.get(0).getPorts() != null) {
            for (var p : containers.get(0).getPorts()) {
                Protocol protocol = "UDP".equals(p.getProtocol()) ? Protocol.UDP : Protocol.TCP;
                if (p.getHostPort() != null && status != null && status.getHostIP() != null) {
                    ports.add(new PortBinding(p.getName(), p.getContainerPort(), status.getHostIP(), p.getHostPort(), protocol));
                } else if (podIp != null && !podIp.isBlank()) {
                    ports.add(new PortBinding(p.getName(), p.getContainerPort(), podIp, p.getContainerPort(), protocol));
                }
            }
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        long revision = parse(labels == null ? null : labels.get(Labels.REVISION));
        return new InstanceStatus(pod.getMetadata().getName(), pod.getSpec().getNodeName(), state, ready,
                cs == null || cs.getRestartCount() == null ? 0 : cs.getRestartCount(), lastExit, revision, ports, started, message);
    }

    // ------------------------------------------------------------------ problems

    private static void podProblems(Pod pod, InstanceStatus i, String ns, Observed o, Instant now, List<Problem> out) {
        String pn = pod.getMetadata().getName();
        String describe = "kubectl describe pod " + pn + " -n " + ns;
        String unscheduled = unscheduledMessage(pod);
        if (unscheduled == null && pod.getSpec().getNodeName() == null) {
            unscheduled = latestEvent(o.events(), pn, "FailedScheduling");
        }
        if (unscheduled != null) {
            out.add(new Problem(ProblemType.UNSCHEDULABLE, unscheduled, pn, "FailedScheduling",
                    describe + " shows why the scheduler refused the pod; kubectl describe nodes shows their capacity, "
                            + "labels and taints against the spec's placement"));
            if (unscheduled.contains("Insufficient")) {
                out.add(new Problem(ProblemType.INSUFFICIENT_RESOURCES, unscheduled, pn, "FailedScheduling",
                        "lower spec.resources.requests or add capacity: kubectl describe nodes shows Allocatable and Allocated resources"));
            }
        }
        ContainerStatus cs = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty() ? null : pod.getStatus().getContainerStatuses().get(0);
        var waiting = cs == null || cs.getState() == null ? null : cs.getState().getWaiting();
        if (waiting != null && waiting.getReason() != null) {
            String reason = waiting.getReason();
            String msg = waiting.getMessage() == null ? reason : reason + ": " + waiting.getMessage();
            switch (reason) {
                case "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull" -> out.add(new Problem(ProblemType.IMAGE_PULL_FAILED,
                        msg, pn, reason, describe + " shows the pull error under Events; check the image name and tag, that the registry is "
                                + "reachable from the node, and the imagePullSecrets"));
                case "CrashLoopBackOff" -> out.add(new Problem(ProblemType.CRASH_LOOP, "the container keeps exiting"
                        + (i.lastExitCode() == null ? "" : " (last exit code " + i.lastExitCode() + ")") + ", " + i.restarts() + " restarts",
                        pn, reason, "kubectl logs " + pn + " -n " + ns + " --previous shows why it exited; check command, args, env and config"));
                case "CreateContainerConfigError", "CreateContainerError", "RunContainerError" -> out.add(new Problem(ProblemType.CONFIG_ERROR,
                        msg, pn, reason, describe + " shows the error (a missing Secret or key, a bad mount)"));
                default -> { }
            }
        }
        if ((i.state() == InstanceState.RUNNING || i.state() == InstanceState.STARTING) && !i.ready()) {
            String unhealthy = latestEvent(o.events(), pn, "Unhealthy");
            if (unhealthy == null && readinessOverdue(pod, i, now)) unhealthy = "Readiness probe has not passed";
            if (unhealthy != null) {
                out.add(new Problem(ProblemType.PROBE_FAILING, unhealthy, pn, "Unhealthy", describe + " lists the probe failures under Events "
                        + "(kubectl get events -n " + ns + " --field-selector involvedObject.name=" + pn + "); check the probe's path and port"));
            }
        }
        String node = pod.getSpec().getNodeName();
        if (node != null && o.nodes().containsKey(node) && !nodeReady(o.nodes().get(node))) {
            out.add(new Problem(ProblemType.NODE_DOWN, "node " + node + " is NotReady", pn, "NodeNotReady",
                    "kubectl describe node " + node + " shows its conditions; check the kubelet on it"));
        }
    }

    private static void deploymentProblems(Deployment d, String ns, List<Problem> out) {
        if (d.getStatus() == null || d.getStatus().getConditions() == null) return;
        for (DeploymentCondition c : d.getStatus().getConditions()) {
            if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
                String n = d.getMetadata().getName();
                out.add(new Problem(ProblemType.ROLLOUT_STUCK, c.getMessage() == null ? "progress deadline exceeded" : c.getMessage(), null,
                        "ProgressDeadlineExceeded", "kubectl rollout status deployment/" + n + " -n " + ns + " and kubectl describe deployment "
                                + n + " say what holds it; roll back with kubectl rollout undo deployment/" + n + " (drover rollout undo " + n + ")"));
            }
        }
    }

    private static boolean readinessOverdue(Pod pod, InstanceStatus i, Instant now) {
        var probe = pod.getSpec().getContainers().get(0).getReadinessProbe();
        if (probe == null || i.startedAt() == null) return false;
        int delay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
        int period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
        int failures = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
        return now.isAfter(i.startedAt().plusSeconds(delay + (long) period * (failures + 1)));
    }

    private static String unscheduledMessage(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) return null;
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                return c.getMessage() == null ? "Unschedulable" : c.getMessage();
            }
        }
        return null;
    }

    /** The message of the latest event with this reason about the pod, or null. */
    private static String latestEvent(List<Event> events, String pod, String reason) {
        Event latest = null;
        for (Event e : events) {
            if (e.getInvolvedObject() == null || !pod.equals(e.getInvolvedObject().getName()) || !reason.equals(e.getReason())) continue;
            if (latest == null || eventTime(e).isAfter(eventTime(latest))) latest = e;
        }
        return latest == null ? null : latest.getMessage();
    }

    private static Instant eventTime(Event e) {
        Instant t = instant(e.getLastTimestamp());
        if (t == null && e.getEventTime() != null) t = instant(e.getEventTime().getTime());
        if (t == null) t = instant(e.getMetadata().getCreationTimestamp());
        return t == null ? Instant.EPOCH : t;
    }


    // ------------------------------------------------------------------ endpoints

    /**
     * Reachable endpoints of the Service: its cluster IP for ClusterIP; every ready node's internal
     * IP with the node port for NodePort; the load balancer's ingress once assigned, and the node
     * ports until then (the load balancer is {@code <pending>}, as kubectl shows it).
     */
    static List<Endpoint> endpoints(Service s, Map<String, Node> nodes) {
        if (s == null || s.getSpec() == null || s.getSpec().getPorts() == null) return List.of();
        String type = s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
        List<Endpoint> out = new ArrayList<>();
        List<String> ingress = new ArrayList<>();
        if (s.getStatus() != null && s.getStatus().getLoadBalancer() != null && s.getStatus().getLoadBalancer().getIngress() != null) {
            for (var in : s.getStatus().getLoadBalancer().getIngress()) ingress.add(in.getIp() != null ? in.getIp() : in.getHostname());
        }
        List<String> nodeIps = nodes.values().stream().filter(KubernetesStatusMapper::nodeReady).map(KubernetesStatusMapper::internalIp)
                .filter(Objects::nonNull).sorted().toList();
        for (ServicePort p : s.getSpec().getPorts()) {
            Protocol protocol = "UDP".equals(p.getProtocol()) ? Protocol.UDP : Protocol.TCP;
            switch (type) {
                case "LoadBalancer" -> {
                    if (!ingress.isEmpty()) ingress.stream().filter(Objects::nonNull)
                            .forEach(h -> out.add(new Endpoint(p.getName(), h, p.getPort(), protocol, ExposeType.LOAD_BALANCER)));
                    else if (p.getNodePort() != null) nodeIps.forEach(ip -> out.add(new Endpoint(p.getName(), ip, p.getNodePort(), protocol, ExposeType.LOAD_BALANCER)));
                }
                case "NodePort" -> {
                    if (p.getNodePort() != null) nodeIps.forEach(ip -> out.add(new Endpoint(p.getName(), ip, p.getNodePort(), protocol, ExposeType.NODE_PORT)));
                }
                default -> {
                    String ip = s.getSpec().getClusterIP();
                    if (ip != null && !ip.isBlank() && !"None".equals(ip)) out.add(new Endpoint(p.getName(), ip, p.getPort(), protocol, ExposeType.INTERNAL));
                }
            }
        }
        return out;
    }

    /** True when a LoadBalancer Service has no ingress yet (kubectl's {@code <pending>}). */
    static boolean loadBalancerPending(Service s) {
        if (s == null || !"LoadBalancer".equals(s.getSpec().getType())) return false;
        return s.getStatus() == null || s.getStatus().getLoadBalancer() == null || s.getStatus().getLoadBalancer().getIngress() == null
                || s.getStatus().getLoadBalancer().getIngress().isEmpty();
    }

    static boolean nodeReady(Node n) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) return false;
        return n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String internalIp(Node n) {
        if (n.getStatus() == null || n.getStatus().getAddresses() == null) return null;
        return n.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType())).map(a -> a.getAddress()).findFirst().orElse(null);
    }

    private static int readyAddresses(Endpoints e) {
        if (e == null || e.getSubsets() == null) return 0;
        return e.getSubsets().stream().mapToInt(s -> s.getAddresses() == null ? 0 : s.getAddresses().size()).sum();
    }

    private static boolean condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) return false;
        return pod.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String annotation(Map<String, String> annotations, String key) {
        return annotations == null ? null : annotations.get(key);
    }

    private static long parse(String s) {
        if (s == null) return 0;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
