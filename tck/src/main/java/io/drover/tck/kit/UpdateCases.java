package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.ApplyResult;
import io.drover.api.Capability;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.tck.TestWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rolling updates, with and without automatic rollback.
 *
 * <p>Composed into the kit as its {@code Update} group.
 */
public abstract class UpdateCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected UpdateCases(TckContext context) {
        super(context);
    }

    @Test
    void rollingUpdateMovesEveryInstanceToTheNewVersion() {
        ServiceSpec v1 = service("rolling").replicas(2).build();
        apply(v1);
        awaitReady(v1.name());
        ApplyResult up = apply(revise(v1, 2));
        assertThat(up.change()).isEqualTo(ApplyResult.Change.UPDATED);
        awaitReady(v1.name());
        ServiceStatus s = awaitStatus(v1.name(), "2/2 updated to revision " + up.revision(), x -> x.isReady()
                && x.updated() == 2 && x.desired() == 2 && live(x).size() == 2
                && live(x).stream().allMatch(i -> i.revision() == up.revision()));
        assertThat(s.revision()).isEqualTo(up.revision());
        awaitVersion(v1.name(), 2);
    }

    @Test
    void everyTemplateChangeGetsAHigherRevision() {
        ServiceSpec v1 = service("revs").build();
        ApplyResult a = apply(v1);
        ApplyResult b = apply(revise(v1, 2));
        ApplyResult c = apply(v1.toBuilder().env("TCK_MARK", "3").build());
        assertThat(List.of(b.change(), c.change())).containsOnly(ApplyResult.Change.UPDATED);
        assertThat(b.revision()).isGreaterThan(a.revision());
        assertThat(c.revision()).isGreaterThan(b.revision());
        ServiceStatus s = awaitReady(v1.name());
        assertThat(s.revision()).isEqualTo(c.revision());
        awaitVersion(v1.name(), 1);
    }

    @Test
    void failingUpdateRollsBackAutomatically() {
        requires(Capability.AUTO_ROLLBACK, Capability.READINESS_PROBE, Capability.PROBE_HTTP);
        ServiceSpec v1 = rolledBack("autorb");
        ServiceStatus s = status(v1.name());
        assertThat(s.has(ProblemType.ROLLED_BACK)).as(describe(s)).isTrue();
        assertThat(s.ready()).isEqualTo(1);
        awaitVersion(v1.name(), 1);
    }

    @Test
    void applyingAGoodVersionAfterARollbackMakesTheServiceReadyAgain() {
        requires(Capability.AUTO_ROLLBACK, Capability.READINESS_PROBE, Capability.PROBE_HTTP);
        ServiceSpec v1 = rolledBack("afterrb");
        UpdatePolicy u = v1.update();
        ServiceSpec v2 = revise(v1, 2).toBuilder()   // a monitor long enough for a slow start of the good version
                .update(new UpdatePolicy(u.parallelism(), u.order(), u.failureAction(), 60, u.delaySeconds())).build();
        ApplyResult good = apply(v2);
        assertThat(good.change()).isEqualTo(ApplyResult.Change.UPDATED);
        ServiceStatus s = awaitReady(v1.name());
        assertThat(s.has(ProblemType.ROLLED_BACK)).as(describe(s)).isFalse();
        awaitVersion(v1.name(), 2);
    }

    @Test
    void stopFirstUpdateMovesEveryInstanceToTheNewVersion() {
        requires(Capability.UPDATE_STOP_FIRST);
        ServiceSpec base = service("stopfirst").replicas(2).build();
        UpdatePolicy u = base.update();
        ServiceSpec v1 = base.toBuilder().update(new UpdatePolicy(u.parallelism(), UpdateOrder.STOP_FIRST, u.failureAction(),
                u.monitorSeconds(), u.delaySeconds())).build();
        apply(v1);
        awaitReady(v1.name());
        ApplyResult up = apply(revise(v1, 2));
        awaitStatus(v1.name(), "READY with 2 instances at revision " + up.revision(), x -> x.isReady() && x.updated() == 2
                && live(x).size() == 2 && live(x).stream().allMatch(i -> i.revision() == up.revision()));
        awaitVersion(v1.name(), 2);
    }

    /** Deploys version 1 with a readiness probe, applies an unhealthy version 2 and waits for ROLLED_BACK. */
    private ServiceSpec rolledBack(String suffix) {
        ServiceSpec base = service(suffix).readiness(healthProbe()).build();
        UpdatePolicy u = base.update();
        ServiceSpec v1 = base.toBuilder().update(new UpdatePolicy(1, u.order(), FailureAction.ROLLBACK, 5, 0)).build();
        apply(v1);
        awaitReady(v1.name());
        ServiceSpec bad = revise(v1, 2).toBuilder().env(TestWorkload.ENV_UNHEALTHY, "1").build();
        assertThat(apply(bad).change()).isEqualTo(ApplyResult.Change.UPDATED);
        awaitStatus(v1.name(), "ROLLED_BACK", readyTimeout(), x -> x.state() == ServiceState.ROLLED_BACK);
        return v1;
    }
}
