package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.InstanceStatus;
import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.tck.Tracked;
import org.junit.jupiter.api.Test;

/**
 * Changing the number of instances.
 *
 * <p>Composed into the kit as its {@code Scale} group.
 */
public abstract class ScaleCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected ScaleCases(TckContext context) {
        super(context);
    }

    @Test
    void scalingUpAddsInstances() {
        ServiceStatus s = deployReady(service("up"));
        drover().scale(s.name(), 3);
        ServiceStatus up = awaitStatus(s.name(), "READY 3/3", x -> x.isReady() && x.desired() == 3 && x.ready() == 3);
        assertThat(live(up).stream().map(InstanceStatus::id).distinct()).as(describe(up)).hasSize(3);
        eventually("every instance answering", () -> {
            for (InstanceStatus i : running(status(s.name()))) assertThat(ask(i, workload().versionPath()).version()).isEqualTo("1");
        });
    }

    @Test
    void scalingDownRemovesInstances() {
        ServiceStatus s = deployReady(service("down").replicas(3));
        drover().scale(s.name(), 1);
        ServiceStatus down = awaitStatus(s.name(), "READY 1/1 with one live instance",
                x -> x.isReady() && x.desired() == 1 && x.ready() == 1 && live(x).size() == 1);
        assertThat(down.running()).isEqualTo(1);
    }

    @Test
    void scalingToZeroKeepsTheService() {
        ServiceStatus s = deployReady(service("tozero"));
        drover().scale(s.name(), 0);
        ServiceStatus zero = awaitStatus(s.name(), "READY 0/0 with no live instance",
                x -> x.isReady() && x.desired() == 0 && live(x).isEmpty());
        assertThat(zero.ready()).isZero();
        assertThat(drover().list(Selector.label(Tracked.RUN_LABEL, runId())).stream().map(ServiceStatus::name)).contains(s.name());
    }

    @Test
    void scalingBackUpFromZeroStartsInstances() {
        ServiceStatus s = deployReady(service("backup"));
        drover().scale(s.name(), 0);
        awaitStatus(s.name(), "READY 0/0", x -> x.isReady() && x.desired() == 0 && live(x).isEmpty());
        drover().scale(s.name(), 2);
        awaitStatus(s.name(), "READY 2/2", x -> x.isReady() && x.desired() == 2 && x.ready() == 2);
        awaitVersion(s.name(), 1);
    }

    @Test
    void scalingKeepsTheRevision() {
        ServiceStatus s = deployReady(service("keeprev"));
        drover().scale(s.name(), 2);
        ServiceStatus scaled = awaitStatus(s.name(), "READY 2/2", x -> x.isReady() && x.ready() == 2);
        assertThat(scaled.revision()).isEqualTo(s.revision());
        assertThat(live(scaled)).allSatisfy(i -> assertThat(i.revision()).isEqualTo(s.revision()));
    }

    @Test
    void scalingAMissingServiceThrowsServiceNotFound() {
        assertThatThrownBy(() -> drover().scale(absentName(), 2)).isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void scalingToANegativeCountIsRefusedAndChangesNothing() {
        String name = apply(service("negative")).name();
        assertThatThrownBy(() -> drover().scale(name, -1)).isInstanceOf(InvalidSpecException.class).hasMessageContaining("replicas");
        assertThat(status(name).desired()).isEqualTo(1);
    }
}
