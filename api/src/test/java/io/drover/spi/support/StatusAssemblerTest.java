package io.drover.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAssemblerTest {

    private static InstanceStatus up(String id, long revision) {
        return new InstanceStatus(id, "n1", InstanceState.RUNNING, true, 0, null, revision, List.of(), null, null);
    }

    private static InstanceStatus instance(String id, InstanceState state, long revision) {
        return new InstanceStatus(id, "n1", state, false, 0, null, revision, List.of(), null, null);
    }

    @Test
    void aSlotReportedTwiceCountsOnce() {
        ServiceStatus s = StatusAssembler.of("web").desired(3).revision(2)
                .instance(up("a", 2), 1).instance(up("a2", 2), 1).instance(up("b", 2), 2).instance(up("c", 2), 3)
                .build();
        assertThat(s.ready()).isEqualTo(3);
        assertThat(s.running()).isEqualTo(3);
        assertThat(s.updated()).isEqualTo(3);
        assertThat(s.instances()).hasSize(4);
        assertThat(s.state()).isEqualTo(ServiceState.READY);
    }

    @Test
    void withinASlotTheReadyInstanceCounts() {
        ServiceStatus s = StatusAssembler.of("web").desired(1).revision(1)
                .instance(instance("new", InstanceState.PENDING, 1), 1).instance(up("old", 1), 1).build();
        assertThat(s.ready()).isEqualTo(1);
        assertThat(s.running()).isEqualTo(1);
    }

    @Test
    void leavingInstancesAreListedButNotCounted() {
        ServiceStatus s = StatusAssembler.of("web").desired(2).revision(2)
                .instance(up("a", 2)).instance(up("b", 2)).leaving(up("old", 1)).build();
        assertThat(s.instances()).extracting(InstanceStatus::id).containsExactly("a", "b", "old");
        assertThat(s.running()).isEqualTo(2);
        assertThat(s.ready()).isEqualTo(2);
        assertThat(s.state()).isEqualTo(ServiceState.READY);
    }

    @Test
    void updatedCountsEveryCountedInstanceOfTheCurrentRevisionWhateverItsState() {
        ServiceStatus s = StatusAssembler.of("web").desired(3).revision(2)
                .instance(up("a", 2)).instance(instance("b", InstanceState.PENDING, 2)).instance(up("c", 1)).build();
        assertThat(s.updated()).isEqualTo(2);
        assertThat(s.running()).isEqualTo(2);
        assertThat(s.ready()).isEqualTo(2);
    }

    @Test
    void anInstanceOnALostNodeIsNeverReady() {
        ServiceStatus s = StatusAssembler.of("web").desired(2).revision(1)
                .instance(up("a", 1), 1).instance(up("b", 1), 2)
                .problem(new Problem(ProblemType.NODE_DOWN, "node w2 is down", "b", "node down", null))
                .build();
        assertThat(s.ready()).isEqualTo(1);
        assertThat(s.running()).isEqualTo(2);
        assertThat(s.instances()).filteredOn(i -> i.id().equals("b")).singleElement()
                .satisfies(i -> assertThat(i.ready()).isFalse());
        assertThat(s.state()).isEqualTo(ServiceState.DEGRADED);
    }

    @Test
    void aCountedInstanceOfAnOlderRevisionMeansTheRolloutIsInProgress() {
        ServiceStatus s = StatusAssembler.of("web").desired(2).revision(2).instance(up("a", 2)).instance(up("b", 1)).build();
        assertThat(s.state()).isEqualTo(ServiceState.PROGRESSING);
    }

    @Test
    void aStuckRolloutCountsOnlyTheCurrentRevisionForTheState() {
        ServiceStatus s = StatusAssembler.of("web").desired(2).revision(2)
                .instance(up("a", 1)).instance(up("b", 1))
                .problem(Problem.of(ProblemType.ROLLOUT_STUCK, "paused"))
                .build();
        assertThat(s.ready()).isEqualTo(2);
        assertThat(s.state()).isNotIn(ServiceState.READY, ServiceState.PROGRESSING);
    }

    @Test
    void anExposedServiceWithNothingReadyHasNoReadyEndpointsOnce() {
        ServiceStatus s = StatusAssembler.of("web").desired(1).revision(1)
                .instance(instance("a", InstanceState.STARTING, 1)).exposed(true, "nothing behind port 80").build();
        assertThat(s.problems()).extracting(Problem::type).containsExactly(ProblemType.NO_READY_ENDPOINTS);
        assertThat(s.problems().get(0).nativeReason()).isEqualTo("nothing behind port 80");

        ServiceStatus own = StatusAssembler.of("web").desired(1).revision(1).exposed(true, null)
                .problem(Problem.of(ProblemType.NO_READY_ENDPOINTS, "in the backend's words")).build();
        assertThat(own.problems()).singleElement().extracting(Problem::message).isEqualTo("in the backend's words");

        ServiceStatus ready = StatusAssembler.of("web").desired(1).revision(1).instance(up("a", 1)).exposed(true, null).build();
        assertThat(ready.problems()).isEmpty();
    }

    @Test
    void problemsAreDeduplicatedByTypeInstanceAndReason() {
        Problem crash = Problem.of(ProblemType.CRASH_LOOP, "exits 3", "a", "exit 3");
        ServiceStatus s = StatusAssembler.of("web").desired(1).revision(1)
                .instance(instance("a", InstanceState.FAILED, 1)).problem(crash).problem(crash)
                .problem(Problem.of(ProblemType.CRASH_LOOP, "exits 3", "b", "exit 3")).build();
        assertThat(s.problems()).hasSize(2);
        assertThat(s.state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void theBackendsOwnRolloutSignalKeepsItProgressing() {
        ServiceStatus s = StatusAssembler.of("web").desired(1).revision(1).instance(up("a", 1)).rolloutInProgress(true).build();
        assertThat(s.state()).isEqualTo(ServiceState.PROGRESSING);
        ServiceStatus done = StatusAssembler.of("web").desired(1).revision(1).instance(up("a", 1)).build();
        assertThat(done.state()).isEqualTo(ServiceState.READY);
    }
}
