package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.ApplyResult;
import io.drover.api.Capability;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ConflictException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ServiceSpec;
import org.junit.jupiter.api.Test;

/**
 * Going back to the previous revision on request.
 *
 * <p>Composed into the kit as its {@code Rollback} group.
 */
public abstract class RollbackCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected RollbackCases(TckContext context) {
        super(context);
    }

    @Test
    void rollbackReturnsToThePreviousRevision() {
        requires(Capability.MANUAL_ROLLBACK);
        ServiceSpec v1 = service("manualrb").build();
        apply(v1);
        awaitReady(v1.name());
        ApplyResult v2 = apply(revise(v1, 2));
        awaitReady(v1.name());
        awaitVersion(v1.name(), 2);
        long back = drover().rollback(v1.name());
        assertThat(back).isNotEqualTo(v2.revision());
        ServiceStatus s = awaitReady(v1.name());
        assertThat(s.revision()).isEqualTo(back);
        awaitVersion(v1.name(), 1);
    }

    @Test
    void applyingTheSpecRolledBackToIsANoOp() {
        requires(Capability.MANUAL_ROLLBACK);
        ServiceSpec v1 = service("rbnoop").build();
        apply(v1);
        awaitReady(v1.name());
        apply(revise(v1, 2));
        awaitReady(v1.name());
        long back = drover().rollback(v1.name());
        ApplyResult again = apply(v1);
        assertThat(again.change()).isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(again.revision()).isEqualTo(back);
        assertThat(apply(revise(v1, 2)).change()).isEqualTo(ApplyResult.Change.UPDATED);
    }

    @Test
    void rollbackWithoutAPreviousRevisionThrowsConflict() {
        requires(Capability.MANUAL_ROLLBACK);
        String name = apply(service("norev")).name();
        assertThatThrownBy(() -> drover().rollback(name)).isInstanceOf(ConflictException.class);
    }

    @Test
    void scalingMakesNoRevisionToRollBackTo() {
        requires(Capability.MANUAL_ROLLBACK);
        String name = apply(service("scalerb")).name();
        drover().scale(name, 2);
        assertThatThrownBy(() -> drover().rollback(name)).isInstanceOf(ConflictException.class);
    }

    @Test
    void rollingBackAMissingServiceThrowsServiceNotFound() {
        requires(Capability.MANUAL_ROLLBACK);
        assertThatThrownBy(() -> drover().rollback(absentName())).isInstanceOf(ServiceNotFoundException.class);
    }
}
