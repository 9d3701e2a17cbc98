package io.drover.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.InstanceState;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Native objects shaped like what a 1.20 API server returns in each situation (the messages are
 * the kubelet's and scheduler's own words) map to the expected states and problems.
 */
class KubernetesStatusMapperTest {
    private static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");
    private final KubernetesStatusMapper mapper = new KubernetesStatusMapper();
    private final KubernetesTranslator translator = new KubernetesTranslator();

    private Deployment deployment(int replicas) {
        ServiceSpec spec = ServiceSpec.builder("web").image("drover-test/web:1").port(PortSpec.tcp("http", 8080)).replicas(replicas).build();
        Deployment d = translator.toNative(spec, "default", 1, 1, "abc").deployment();
        return new DeploymentBuilder(d).editMetadata().withGeneration(1L).endMetadata()
                .withNewStatus().withObservedGeneration(1L).endStatus().build();
    }

    private static PodBuilder pod(String name, long revision) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withLabels(Map.of("io.drover/service", "web", "io.drover/managed-by", "drover", "io.drover/revision", Long.toString(revision)))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("drover-test/web:1").addNewPort().withName("http")
                .withContainerPort(8080).withProtocol("TCP").endPort().endContainer().endSpec();
    }

    private static Pod running(String name, boolean ready) {
        return pod(name, 1).editSpec().withNodeName("node-1").endSpec().withNewStatus().withPhase("Running").withPodIP("10.244.77.9")
                .withStartTime("2026-12-02T00:59:00Z")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("main").withReady(ready).withStarted(true).withRestartCount(0)
                        .withNewState().withNewRunning().withStartedAt("2026-12-02T00:59:01Z").endRunning().endState().build())
                .endStatus().build();
    }

    private static Map<String, Node> readyNode() {
        return Map.of("node-1", new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("10.245.0.2").endAddress().endStatus().build());
    }

    private ServiceStatus map(Deployment d, List<Pod> pods, List<Event> events, Map<String, Node> nodes, Service s, Endpoints e) {
        return mapper.map(new KubernetesStatusMapper.Observed(d, pods, events, nodes, s, e), NOW);
    }

    @Test
    void readyPodMakesTheServiceReadyWithItsPodIpAsTheBinding() {
        ServiceStatus s = map(deployment(1), List.of(running("web-1", true)), List.of(), readyNode(), null, null);
        assertThat(s.state()).isEqualTo(ServiceState.READY);
        assertThat(List.of(s.desired(), s.running(), s.ready(), s.updated())).containsOnly(1);
        assertThat(s.problems()).isEmpty();
        assertThat(s.instances().get(0).port("http").address()).isEqualTo("10.244.77.9:8080");
        assertThat(s.instances().get(0).startedAt()).isEqualTo(Instant.parse("2026-12-02T00:59:01Z"));
        assertThat(s.spec()).isNotNull();
        assertThat(s.spec().replicas()).isEqualTo(1);
    }

    @Test
    void insufficientCpuIsUnschedulableWithResourcesAndAKubectlHint() {
        Pod p = pod("web-1", 1).withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient cpu.").endCondition().endStatus().build();
        ServiceStatus s = map(deployment(1), List.of(p), List.of(), readyNode(), null, null);
        assertThat(s.state()).isEqualTo(ServiceState.PENDING);
        assertThat(s.has(ProblemType.UNSCHEDULABLE)).isTrue();
        assertThat(s.has(ProblemType.INSUFFICIENT_RESOURCES)).isTrue();
        Problem u = problem(s, ProblemType.UNSCHEDULABLE);
        assertThat(u.message()).contains("Insufficient cpu");
        assertThat(u.hint()).contains("kubectl describe pod web-1");
        assertThat(s.instances().get(0).state()).isEqualTo(InstanceState.PENDING);
    }

    @Test
    void imagePullBackOffIsImagePullFailedAndTheServiceFailed() {
        Pod p = pod("web-1", 1).editSpec().withNodeName("node-1").endSpec().withNewStatus().withPhase("Pending")
                .addToContainerStatuses(new ContainerStatusBuilder().withName("main").withReady(false).withRestartCount(0)
                        .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"drover-test/missing:1\"").endWaiting().endState().build())
                .endStatus().build();
        ServiceStatus s = map(deployment(1), List.of(p), List.of(), readyNode(), null, null);
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
        Problem pr = problem(s, ProblemType.IMAGE_PULL_FAILED);
        assertThat(pr.nativeReason()).isEqualTo("ImagePullBackOff");
        assertThat(pr.message()).contains("drover-test/missing:1");
        assertThat(pr.instance()).isEqualTo("web-1");
    }

    @Test
    void crashLoopBackOffReportsTheLastExitCode() {
        Pod p = pod("web-1", 1).editSpec().withNodeName("node-1").endSpec().withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("main").withReady(false).withRestartCount(4)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 40s restarting failed container=main").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(3).withReason("Error").endTerminated().endLastState().build())
                .endStatus().build();
        ServiceStatus s = map(deployment(1), List.of(p), List.of(), readyNode(), null, null);
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
        assertThat(problem(s, ProblemType.CRASH_LOOP).message()).contains("exit code 3");
        assertThat(s.instances().get(0).lastExitCode()).isEqualTo(3);
        assertThat(s.instances().get(0).restarts()).isEqualTo(4);
    }

    @Test
    void unhealthyEventOnAnUnreadyPodIsProbeFailing() {
        Event e = new EventBuilder().withNewMetadata().withName("web-1.1").withNamespace("default").endMetadata().withReason("Unhealthy")
                .withMessage("Readiness probe failed: HTTP probe failed with statuscode: 500").withLastTimestamp("2026-12-02T00:59:30Z")
                .withNewInvolvedObject().withKind("Pod").withName("web-1").endInvolvedObject().build();
        ServiceStatus s = map(deployment(2), List.of(running("web-1", false), running("web-2", true)), List.of(e), readyNode(), null, null);
        assertThat(s.state()).isEqualTo(ServiceState.DEGRADED);
        Problem p = problem(s, ProblemType.PROBE_FAILING);
        assertThat(p.instance()).isEqualTo("web-1");
        assertThat(p.message()).contains("statuscode: 500");
        assertThat(p.hint()).contains("kubectl get events");
    }

    @Test
    void podOnANotReadyNodeIsNodeDown() {
        Map<String, Node> down = Map.of("node-1", new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus("Unknown").withReason("NodeStatusUnknown").endCondition().endStatus().build());
        ServiceStatus s = map(deployment(1), List.of(running("web-1", false)), List.of(), down, null, null);
        assertThat(problem(s, ProblemType.NODE_DOWN).hint()).contains("kubectl describe node node-1");
    }

    @Test
    void progressDeadlineExceededIsRolloutStuck() {
        Deployment d = new DeploymentBuilder(deployment(1)).editStatus().addNewCondition().withType("Progressing").withStatus("False")
                .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet \"web-5d4\" has timed out progressing.").endCondition()
                .endStatus().build();
        ServiceStatus s = map(d, List.of(running("web-1", false)), List.of(), readyNode(), null, null);
        assertThat(problem(s, ProblemType.ROLLOUT_STUCK).hint()).contains("kubectl rollout undo deployment/web");
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void exposedServiceWithoutReadyEndpointsIsReportedAndNodePortsAreTheEndpoints() {
        ServiceSpec spec = ServiceSpec.builder("web").image("drover-test/web:1").port(PortSpec.tcp("http", 8080))
                .expose(ExposeSpec.of(ExposeType.NODE_PORT, ExposedPort.of(80, "http"))).build();
        Service svc = translator.service(spec, "default");
        svc.getSpec().getPorts().get(0).setNodePort(31234);
        Endpoints none = new EndpointsBuilder().withNewMetadata().withName("web").endMetadata().build();
        ServiceStatus s = map(deployment(1), List.of(running("web-1", false)), List.of(), readyNode(), svc, none);
        assertThat(s.has(ProblemType.NO_READY_ENDPOINTS)).isTrue();
        assertThat(s.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.address()).isEqualTo("10.245.0.2:31234");
            assertThat(e.type()).isEqualTo(ExposeType.NODE_PORT);
        });
        assertThat(s.spec().expose()).isEqualTo(spec.expose());
    }

    @Test
    void pendingLoadBalancerOffersItsNodePorts() {
        ServiceSpec spec = ServiceSpec.builder("web").image("drover-test/web:1").port(PortSpec.tcp("http", 8080))
                .expose(ExposeSpec.loadBalancer(ExposedPort.of(80, "http"))).build();
        Service svc = translator.service(spec, "default");
        svc.getSpec().getPorts().get(0).setNodePort(30999);
        assertThat(KubernetesStatusMapper.loadBalancerPending(svc)).isTrue();
        assertThat(KubernetesStatusMapper.endpoints(svc, readyNode())).singleElement()
                .satisfies(e -> assertThat(e.address()).isEqualTo("10.245.0.2:30999"));
    }

    @Test
    void automaticRollbackAnnotationMakesTheServiceRolledBack() {
        Deployment d = deployment(1);
        d.getMetadata().getAnnotations().put(KubernetesTranslator.ROLLED_BACK_FROM, "2");
        ServiceStatus s = map(d, List.of(running("web-1", true)), List.of(), readyNode(), null, null);
        assertThat(s.state()).isEqualTo(ServiceState.ROLLED_BACK);
        assertThat(problem(s, ProblemType.ROLLED_BACK).message()).contains("revision 2");
    }

    @Test
    void oldRevisionStillRunningMeansTheRolloutIsInProgress() {
        Pod old = pod("web-0", 0).editSpec().withNodeName("node-1").endSpec().withNewStatus().withPhase("Running").withPodIP("10.244.77.8")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("main").withReady(true).withRestartCount(0)
                        .withNewState().withNewRunning().withStartedAt("2026-12-02T00:50:00Z").endRunning().endState().build()).endStatus().build();
        ServiceStatus s = map(deployment(1), List.of(old, running("web-1", false)), List.of(), readyNode(), null, null);
        assertThat(s.state()).isEqualTo(ServiceState.PROGRESSING);
        assertThat(s.updated()).isEqualTo(1);
    }

    private static Problem problem(ServiceStatus s, ProblemType type) {
        return s.problems().stream().filter(p -> p.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + s.summary()));
    }
}
