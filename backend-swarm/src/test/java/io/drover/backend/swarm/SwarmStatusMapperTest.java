package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.InstanceState;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposedPort;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Status from services and tasks recorded on a real single-node swarm (Docker 20.10, API 1.41;
 * {@code src/test/resources/recorded/}: {@code GET /services/{id}}, {@code GET /tasks?filters=service},
 * {@code GET /nodes}).
 */
class SwarmStatusMapperTest {
    private final SwarmStatusMapper mapper = new SwarmStatusMapper("127.0.0.1");

    private ServiceStatus map(String name) throws IOException {
        return mapper.map(json(name + ".service.json"), list(name + ".tasks.json"), nodes(false));
    }

    @Test
    void aHealthyTaskIsReadyWithItsHostPort() throws IOException {
        ServiceStatus s = map("healthy");
        assertThat(s.state()).isEqualTo(ServiceState.READY);
        assertThat(s.desired()).isEqualTo(1);
        assertThat(s.ready()).isEqualTo(1);
        assertThat(s.updated()).isEqualTo(1);
        assertThat(s.revision()).isEqualTo(1);
        assertThat(s.problems()).isEmpty();
        assertThat(s.instances()).singleElement().satisfies(i -> {
            assertThat(i.id()).as("the slot, which outlives the task").isEqualTo(service("healthy") + ".1");
            assertThat(i.message()).startsWith("task ");
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(i.node()).isEqualTo("vm");
            assertThat(i.ports()).singleElement().satisfies(p -> {
                assertThat(p.containerPort()).isEqualTo(8080);
                assertThat(p.address()).isEqualTo("127.0.0.1:32805");
            });
        });
    }

    @Test
    void restartsAndTheLastExitCodeComeFromTheSlotsEarlierTasks() throws IOException {
        ServiceStatus s = map("crash");
        assertThat(s.instances()).singleElement().satisfies(i -> {
            assertThat(i.restarts()).isEqualTo(4);
            assertThat(i.lastExitCode()).isEqualTo(3);
        });
    }

    @Test
    void aSlotThatKeepsExitingWithAnErrorIsACrashLoop() throws IOException {
        // the same recording a moment later: the newest task is waiting for its restart delay
        JsonNode service = json("crash.service.json");
        List<JsonNode> tasks = list("crash.tasks.json");
        tasks.stream().filter(t -> "running".equals(t.path("Status").path("State").asText()))
                .forEach(t -> ((ObjectNode) t.path("Status")).put("State", "ready"));
        ServiceStatus s = mapper.map(service, tasks, nodes(false));
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
        assertThat(s.problems()).anySatisfy(p -> {
            assertThat(p.type()).isEqualTo(ProblemType.CRASH_LOOP);
            assertThat(p.message()).contains("exited with code 3");
            assertThat(p.nativeReason()).contains("non-zero exit (3)");
            assertThat(p.hint()).isEqualTo(ProblemType.CRASH_LOOP.defaultHint());
        });
    }

    @Test
    void unsatisfiableConstraintsAreUnschedulable() throws IOException {
        ServiceStatus s = map("unschedulable");
        assertThat(s.state()).isEqualTo(ServiceState.PENDING);
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(ProblemType.UNSCHEDULABLE);
            assertThat(p.nativeReason()).isEqualTo("no suitable node (scheduling constraints not satisfied on 1 node)");
        });
        assertThat(s.instances()).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo(InstanceState.PENDING));
    }

    @Test
    void tooLargeReservationsAreInsufficientResources() throws IOException {
        ServiceStatus s = map("noroom");
        assertThat(s.state()).isEqualTo(ServiceState.PENDING);
        assertThat(s.problems()).extracting(Problem::type).containsExactly(ProblemType.INSUFFICIENT_RESOURCES);
    }

    @Test
    void aMissingImageFailsTheService() throws IOException {
        ServiceStatus s = map("noimage");
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
        assertThat(s.problems()).anySatisfy(p -> {
            assertThat(p.type()).isEqualTo(ProblemType.IMAGE_PULL_FAILED);
            assertThat(p.nativeReason()).contains("No such image: drover-test/missing:1");
        });
    }

    @Test
    void tasksReplacedBeforeTheirHealthCheckPassedAreAFailingProbe() throws IOException {
        ServiceStatus s = map("unhealthy");
        assertThat(s.ready()).isZero();
        assertThat(s.state()).isEqualTo(ServiceState.PENDING);
        assertThat(s.problems()).extracting(Problem::type).contains(ProblemType.PROBE_FAILING);
    }

    @Test
    void aFailingHealthCheckSeenOnTheContainerIsAFailingProbe() throws IOException {
        JsonNode service = json("unhealthy.service.json");
        List<JsonNode> tasks = list("unhealthy.tasks.json");
        JsonNode starting = tasks.stream().filter(t -> "starting".equals(t.path("Status").path("State").asText())).findFirst().orElseThrow();
        ServiceStatus s = mapper.map(service, tasks, nodes(false), Map.of(starting.path("ID").asText(),
                new SwarmStatusMapper.TaskHealth("unhealthy", 2, "wget: server returned error: HTTP/1.1 500")));
        assertThat(s.problems()).anySatisfy(p -> {
            assertThat(p.type()).isEqualTo(ProblemType.PROBE_FAILING);
            assertThat(p.instance()).isEqualTo(SwarmStatusMapper.instanceId(starting));
            assertThat(p.message()).contains("2 in a row");
            assertThat(p.nativeReason()).contains("HTTP/1.1 500");
        });
    }

    @Test
    void anUpdateTheEngineRolledBackIsRolledBack() throws IOException {
        ServiceStatus s = map("rollback");
        assertThat(s.state()).isEqualTo(ServiceState.ROLLED_BACK);
        assertThat(s.revision()).isEqualTo(1);
        assertThat(s.problems()).anySatisfy(p -> {
            assertThat(p.type()).isEqualTo(ProblemType.ROLLED_BACK);
            assertThat(p.nativeReason()).contains("rollback_completed");
        });
    }

    @Test
    void aRollbackOnRequestIsNotAFailedUpdate() throws IOException {
        ObjectNode service = (ObjectNode) json("rollback.service.json");
        service.set("PreviousSpec", service.path("Spec").deepCopy());
        ServiceStatus s = mapper.map(service, list("rollback.tasks.json"), nodes(false));
        assertThat(s.state()).isEqualTo(ServiceState.READY);
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void anInstanceOnANodeThatIsDownIsReported() throws IOException {
        ServiceStatus s = mapper.map(json("healthy.service.json"), list("healthy.tasks.json"), nodes(true));
        assertThat(s.problems()).anySatisfy(p -> {
            assertThat(p.type()).isEqualTo(ProblemType.NODE_DOWN);
            assertThat(p.message()).contains("vm");
        });
    }

    @Test
    void anExposedServiceWithNoReadyTaskHasNoReadyEndpoints() throws IOException {
        ServiceStatus s = mapper.map(exposed(json("unhealthy.service.json")), list("unhealthy.tasks.json"), nodes(false));
        assertThat(s.ready()).isZero();
        assertThat(s.problems()).filteredOn(p -> p.type() == ProblemType.NO_READY_ENDPOINTS).singleElement().satisfies(p -> {
            assertThat(p.instance()).isNull();
            assertThat(p.message()).contains("is exposed but no instance is ready");
            assertThat(p.nativeReason()).isEqualTo("no running, healthy task behind the published ports");
            assertThat(p.hint()).isEqualTo(ProblemType.NO_READY_ENDPOINTS.defaultHint());
        });
        assertThat(s.problems()).extracting(Problem::type).contains(ProblemType.PROBE_FAILING);
    }

    @Test
    void noReadyEndpointsOnlyWhenExposedWantedAndNothingIsReady() throws IOException {
        assertThat(map("unhealthy").has(ProblemType.NO_READY_ENDPOINTS)).as("not exposed").isFalse();
        ServiceStatus healthy = mapper.map(exposed(json("healthy.service.json")), list("healthy.tasks.json"), nodes(false));
        assertThat(healthy.ready()).isEqualTo(1);
        assertThat(healthy.has(ProblemType.NO_READY_ENDPOINTS)).as("a ready task").isFalse();
        JsonNode scaledToZero = exposed(json("unhealthy.service.json"));
        ((ObjectNode) scaledToZero.path("Spec").path("Mode").path("Replicated")).put("Replicas", 0);
        assertThat(mapper.map(scaledToZero, List.of(), nodes(false)).has(ProblemType.NO_READY_ENDPOINTS)).as("desired 0").isFalse();
    }

    /** The recorded service with an exposure of its port 8080, as the translator labels it. */
    private static JsonNode exposed(JsonNode service) {
        ((ObjectNode) service.path("Spec").path("Labels")).put(SwarmTranslator.EXPOSE_LABEL,
                SwarmJson.exposeJson(ExposeSpec.loadBalancer(ExposedPort.of(8080, "8080"))));
        return service;
    }

    @Test
    void enginesErrorsAreClassifiedByTheirWords() {
        assertThat(SwarmStatusMapper.classify("no suitable node (host-mode port already in use on 1 node)", "t").type())
                .isEqualTo(ProblemType.PORT_CONFLICT);
        assertThat(SwarmStatusMapper.classify("pull access denied for x, repository does not exist", "t").type())
                .isEqualTo(ProblemType.IMAGE_PULL_FAILED);
        assertThat(SwarmStatusMapper.classify("unhealthy container", "t").type()).isEqualTo(ProblemType.PROBE_FAILING);
        assertThat(SwarmStatusMapper.classify("starting container failed: invalid mount", "t").type()).isEqualTo(ProblemType.CONFIG_ERROR);
    }

    private static String service(String recording) throws IOException {
        return json(recording + ".service.json").path("ID").asText();
    }

    private static Map<String, JsonNode> nodes(boolean down) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode n : list("nodes.json")) {
            // the recorded node was up; "down" is what a lost node shows (see scripts/swarm-cluster.sh kill)
            if (down) ((ObjectNode) n.path("Status")).put("State", "down").put("Message", "heartbeat failure");
            out.put(n.path("ID").asText(), n);
        }
        return out;
    }

    private static JsonNode json(String file) throws IOException {
        try (InputStream in = SwarmStatusMapperTest.class.getResourceAsStream("/recorded/" + file)) {
            if (in == null) throw new IOException("missing recording " + file);
            return SwarmJson.NATIVE.readTree(in);
        }
    }

    private static List<JsonNode> list(String file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        json(file).forEach(out::add);
        return out;
    }
}
