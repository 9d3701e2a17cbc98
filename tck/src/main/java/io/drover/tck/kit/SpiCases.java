package io.drover.tck.kit;

import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.ExposeSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.ApplyResult;
import io.drover.api.ServiceRef;
import io.drover.api.Capability;
import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ConflictException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ServiceSpec;
import io.drover.spi.Backend;
import io.drover.tck.Tracked;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@link Backend} contract as its Javadoc states it, checked by calling the backend directly:
 * no facade validation, capability check or retry stands between a case and the backend, so a
 * backend that only passes because the facade retries or papers over a failure is caught here.
 * Services are still named, labelled and cleaned up by the kit.
 *
 * <p>Composed into the kit as its {@code SPI} group.
 */
public abstract class SpiCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected SpiCases(TckContext context) {
        super(context);
    }

    /** The backend under the facade of the running test. */
    protected Backend backend() {
        return drover().unwrap(Backend.class);
    }

    /** Applies through the backend itself (no secrets); the name is already tracked for clean-up by {@link #service}. */
    protected ApplyResult applyDirectly(ServiceSpec spec) {
        return backend().apply(spec, Map.of());
    }

    @Test
    void applyCreatesAndASecondIdenticalApplyIsANoOpWithTheSameRevision() {
        ServiceSpec spec = service("spitwice").build();
        ApplyResult first = applyDirectly(spec);
        assertThat(first.change()).isEqualTo(ApplyResult.Change.CREATED);
        assertThat(first.name()).isEqualTo(spec.name());
        ApplyResult second = applyDirectly(spec);
        assertThat(second.change()).as("second identical apply").isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(second.revision()).isEqualTo(first.revision());
    }

    @Test
    void changingOnlyTheReplicaCountKeepsTheRevision() {
        ServiceSpec spec = service("spireplicas").build();
        ApplyResult first = applyDirectly(spec);
        ApplyResult scaled = applyDirectly(spec.withReplicas(2));
        assertThat(scaled.change()).isEqualTo(ApplyResult.Change.SCALED);
        assertThat(scaled.revision()).as("revision after a replica-only change").isEqualTo(first.revision());
    }

    @Test
    void changingTheTemplateStartsAHigherRevision() {
        ServiceSpec spec = service("spitemplate").build();
        ApplyResult first = applyDirectly(spec);
        ApplyResult changed = applyDirectly(spec.toBuilder().env("TCK_MARK", "changed").build());
        assertThat(changed.change()).isEqualTo(ApplyResult.Change.UPDATED);
        assertThat(changed.revision()).isGreaterThan(first.revision());
    }

    @Test
    void anApplyWithoutExposeKeepsTheExposureTheBackendHas() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ExposeSpec exposure = ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"));
        ServiceSpec spec = service("spikeep").expose(exposure).build();
        ApplyResult first = applyDirectly(spec);
        ApplyResult again = applyDirectly(spec.withExpose(null));
        assertThat(again.change()).as("the same template without expose").isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(again.revision()).isEqualTo(first.revision());
        ServiceStatus s = backend().status(ServiceRef.of(spec.name())).orElseThrow();
        assertThat(s.spec()).as("applied spec known").isNotNull();
        assertThat(s.spec().exposeOrNone()).isEqualTo(exposure);
    }

    @Test
    void aNewServiceWithoutExposeIsNotExposed() {
        ServiceSpec spec = service("spinoexpose").build();
        assertThat(spec.expose()).isNull();
        applyDirectly(spec);
        ServiceStatus s = backend().status(ServiceRef.of(spec.name())).orElseThrow();
        assertThat(s.endpoints()).isEmpty();
        if (s.spec() != null) assertThat(s.spec().exposeOrNone()).isEqualTo(ExposeSpec.NONE);
    }

    @Test
    void statusOfAnAppliedServiceIsPresentAndOfAMissingOneEmpty() {
        ServiceSpec spec = service("spistatus").build();
        applyDirectly(spec);
        Optional<ServiceStatus> present = backend().status(ServiceRef.of(spec.name()));
        assertThat(present).as("status right after apply returned").isPresent();
        assertThat(present.get().name()).isEqualTo(spec.name());
        assertThat(backend().status(ServiceRef.of(absentName()))).isEmpty();
    }

    @Test
    void listOfEveryServiceContainsAnAppliedOne() {
        ServiceSpec spec = service("spilist").build();
        applyDirectly(spec);
        assertThat(names(backend().list(Selector.all()))).contains(spec.name());
        assertThat(names(backend().list(Selector.label(Tracked.RUN_LABEL, runId())))).contains(spec.name());
    }

    @Test
    void deleteIsIdempotentAndFalseWhenNothingIsThere() {
        ServiceSpec spec = service("spidelete").build();
        applyDirectly(spec);
        assertThat(backend().delete(ServiceRef.of(spec.name()))).as("first delete").isTrue();
        eventually(spec.name() + " gone", () -> assertThat(backend().status(ServiceRef.of(spec.name()))).isEmpty());
        assertThat(backend().delete(ServiceRef.of(spec.name()))).as("second delete").isFalse();
        assertThat(backend().delete(ServiceRef.of(absentName()))).as("delete of a service never created").isFalse();
    }

    @Test
    void scalingAMissingServiceThrowsServiceNotFound() {
        String name = absentName();
        assertThatThrownBy(() -> backend().scale(ServiceRef.of(name), 2)).isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void rollbackWithoutAPreviousRevisionThrowsAConflictThatIsNotRetryable() {
        requires(Capability.MANUAL_ROLLBACK);
        String name = applyDirectly(service("spinorev").build()).name();
        assertThatThrownBy(() -> backend().rollback(ServiceRef.of(name))).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.isRetryable()).as("retryable").isFalse());
    }

    @Test
    void rollingBackAMissingServiceThrowsServiceNotFound() {
        requires(Capability.MANUAL_ROLLBACK);
        String name = absentName();
        assertThatThrownBy(() -> backend().rollback(ServiceRef.of(name))).isInstanceOf(ServiceNotFoundException.class);
    }
}
