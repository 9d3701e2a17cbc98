package io.drover.backend.nomad;

import static io.drover.backend.nomad.NomadFixtures.ALLOC_ID;
import static io.drover.backend.nomad.NomadFixtures.NODE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.api.InstanceState;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The status and diagnosis Drover derives from documented allocation, deployment, evaluation and node payloads (see {@link NomadFixtures}). */
class NomadStatusMapperTest {
    private final NomadStatusMapper mapper = new NomadStatusMapper("127.0.0.1");

    @Test
    void aRunningHealthyAllocationOfTheCurrentVersionIsReady() throws Exception {
        ServiceStatus s = status(List.of(NomadFixtures.healthyAlloc()), "[]", "[]", Set.of(), 1);
        assertThat(s.state()).isEqualTo(ServiceState.READY);
        assertThat(s.ready()).isEqualTo(1);
        assertThat(s.instances()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(ALLOC_ID);
            assertThat(i.node()).isEqualTo("linux");
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
        });
        assertThat(s.problems()).isEmpty();
        assertThat(s.labels()).containsEntry("tier", "web");
    }

    @Test
    void placementBlockedOnExhaustedCpuIsInsufficientResources() throws Exception {
        ServiceStatus s = status(List.of(), NomadFixtures.EVALS_NO_CPU, "[]", Set.of(), 1);
        Problem p = only(s, ProblemType.INSUFFICIENT_RESOURCES);
        assertThat(p.message()).contains("cpu exhausted on 1 of 1 nodes");
        assertThat(p.hint()).contains("nomad job status example");
        assertThat(s.state()).isEqualTo(ServiceState.PENDING);
    }

    @Test
    void placementFilteredByAConstraintIsUnschedulable() throws Exception {
        ServiceStatus s = status(List.of(), NomadFixtures.EVALS_NO_NODE, "[]", Set.of(), 1);
        assertThat(only(s, ProblemType.UNSCHEDULABLE).message()).contains("${meta.zone} = a");
        assertThat(s.has(ProblemType.INSUFFICIENT_RESOURCES)).isFalse();
    }

    @Test
    void aDriverFailurePullingTheImageIsImagePullFailedAndFails() throws Exception {
        ServiceStatus s = status(List.of(NomadFixtures.imagePullAlloc()), "[]", "[]", Set.of(), 1);
        Problem p = only(s, ProblemType.IMAGE_PULL_FAILED);
        assertThat(p.instance()).isEqualTo(ALLOC_ID);
        assertThat(p.nativeReason()).isEqualTo("Driver Failure");
        assertThat(p.message()).contains("Failed to pull `drover-test/nope:1`");
        assertThat(p.hint()).contains("nomad alloc status 5457f16d");
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void terminatedThenRestartingIsACrashLoopWithTheExitCode() throws Exception {
        ServiceStatus s = status(List.of(NomadFixtures.crashLoopAlloc()), "[]", "[]", Set.of(), 1);
        Problem p = only(s, ProblemType.CRASH_LOOP);
        assertThat(p.message()).contains("exited with code 1");
        assertThat(p.nativeReason()).isEqualTo("Restarting");
        assertThat(s.instances().get(0).lastExitCode()).isEqualTo(1);
        assertThat(s.instances().get(0).restarts()).isEqualTo(3);
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void aRestartSignaledByAnUnhealthyCheckIsProbeFailing() throws Exception {
        ServiceStatus s = status(List.of(NomadFixtures.failingCheckAlloc()), "[]", "[]", Set.of(), 1);
        assertThat(only(s, ProblemType.PROBE_FAILING).message()).contains("healthcheck: check \"liveness\" unhealthy");
        assertThat(s.ready()).isZero();
    }

    @Test
    void anAllocationOnADownNodeOrLostIsNodeDown() throws Exception {
        ServiceStatus onDown = status(List.of(NomadFixtures.healthyAlloc()), "[]", "[]", Set.of(NODE_ID), 1);
        assertThat(only(onDown, ProblemType.NODE_DOWN).message()).contains("linux");
        assertThat(onDown.ready()).isZero();
        ServiceStatus lost = status(List.of(NomadFixtures.lostAlloc()), "[]", "[]", Set.of(), 1);
        assertThat(lost.has(ProblemType.NODE_DOWN)).isTrue();
        assertThat(lost.instances().get(0).state()).isEqualTo(InstanceState.FAILED);
    }

    @Test
    void aFailedDeploymentThatAutoRevertedIsRolledBack() throws Exception {
        ServiceStatus s = status(List.of(NomadFixtures.healthyAlloc()), "[]", NomadFixtures.DEPLOYMENTS_AUTO_REVERTED, Set.of(), 1);
        assertThat(s.state()).isEqualTo(ServiceState.ROLLED_BACK);
        assertThat(only(s, ProblemType.ROLLED_BACK).nativeReason()).contains("rolling back to job version 0");
        assertThat(s.has(ProblemType.ROLLOUT_STUCK)).isFalse();
    }

    @Test
    void aDeploymentFailedByItsProgressDeadlineIsRolloutStuck() throws Exception {
        ServiceStatus s = status(List.of(NomadFixtures.healthyAlloc()), "[]", NomadFixtures.DEPLOYMENTS_DEADLINE, Set.of(), 1);
        assertThat(only(s, ProblemType.ROLLOUT_STUCK).nativeReason()).isEqualTo("Failed due to progress deadline");
        assertThat(s.state()).isNotEqualTo(ServiceState.ROLLED_BACK);
    }

    @Test
    void aRunningDeploymentIsProgressingAndOldVersionsAreNotUpdated() throws Exception {
        // the sample allocation runs job version 0; the running deployment is of version 1
        ServiceStatus s = status(List.of(NomadFixtures.healthyAlloc()), "[]", NomadFixtures.DEPLOYMENTS_RUNNING, Set.of(), 3);
        assertThat(s.state()).isEqualTo(ServiceState.PROGRESSING);
        assertThat(s.updated()).isZero();
        assertThat(s.desired()).isEqualTo(3);
    }

    @Test
    void theListStubsSummaryGivesTheDesiredCountWithoutTheFullJob() throws Exception {
        JsonNode stub = NomadJson.parse(NomadFixtures.JOBS).get(0);
        ServiceStatus s = mapper.status(new NomadStatusMapper.JobView(stub, List.of(NomadFixtures.healthyAlloc()), List.of(), List.of(),
                Set.of(), List.of()), null);
        assertThat(s.desired()).isEqualTo(1); // Queued 0 + Starting 0 + Running 1
        assertThat(s.revision()).isEqualTo(1);
    }

    private ServiceStatus status(List<JsonNode> allocs, String evals, String deployments, Set<String> down, int count) throws Exception {
        JsonNode job = NomadJson.parse(NomadFixtures.JOBS).get(0);
        return mapper.status(new NomadStatusMapper.JobView(job, allocs, list(deployments), list(evals), down, List.of()), count);
    }

    private static List<JsonNode> list(String json) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        NomadJson.parse(json).forEach(out::add);
        return out;
    }

    private static Problem only(ServiceStatus s, ProblemType type) {
        assertThat(s.problems()).as(s.summary()).extracting(Problem::type).contains(type);
        return s.problems().stream().filter(p -> p.type() == type).findFirst().orElseThrow();
    }
}
