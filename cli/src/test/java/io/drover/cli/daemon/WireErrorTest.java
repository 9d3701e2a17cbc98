package io.drover.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Capability;
import io.drover.api.CapabilityUse;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.DroverTimeoutException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireErrorTest {
    private static DroverException roundTrip(Throwable e) {
        WireError body = WireFormat.fromJson(WireFormat.toJson(WireError.of(e)), WireError.class);
        return body.toException();
    }

    @Test
    void invalidSpecsKeepEveryViolation() {
        List<Violation> violations = List.of(new Violation("spec.replicas", "must be 0..10000, was -1"),
                new Violation("spec.ports[0].name", "is required"));
        DroverException back = roundTrip(new InvalidSpecException(violations));
        assertThat(back).isInstanceOf(InvalidSpecException.class);
        assertThat(((InvalidSpecException) back).violations()).isEqualTo(violations);
        assertThat(WireError.of(new InvalidSpecException(violations)).httpStatus()).isEqualTo(400);
    }

    @Test
    void capabilityRefusalsKeepEveryUse() {
        List<CapabilityUse> uses = List.of(new CapabilityUse(Capability.UDP, "spec.ports[0].protocol"),
                new CapabilityUse(Capability.RESOURCE_LIMITS, "spec.resources.limits"));
        DroverException back = roundTrip(new CapabilityNotSupportedException("local", "web", uses));
        assertThat(back).isInstanceOf(CapabilityNotSupportedException.class);
        assertThat(((CapabilityNotSupportedException) back).uses()).isEqualTo(uses);
        assertThat(back.backend()).isEqualTo("local");
        assertThat(back.service()).isEqualTo("web");
    }

    @Test
    void statusCodesRetryabilityAndContextSurvive() {
        DroverException conflict = roundTrip(new ConflictException("busy", "local", "apply", "web", 409, true, null));
        assertThat(conflict).isInstanceOf(ConflictException.class).hasMessage("[local apply web] busy");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.isRetryable()).isTrue();

        DroverException unavailable = roundTrip(new BackendUnavailableException("no engine", "swarm", "info", null, 503, false, null));
        assertThat(unavailable).isInstanceOf(BackendUnavailableException.class);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.isRetryable()).isFalse();

        DroverException missing = roundTrip(new ServiceNotFoundException("local", "scale", "web"));
        assertThat(missing).isInstanceOf(ServiceNotFoundException.class).hasMessageContaining("service 'web' not found");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void timeoutsKeepTheirLastStatusAndDuration() {
        ServiceStatus last = new ServiceStatus("web", ServiceState.PROGRESSING, 3, 1, 1, 1, 2, null, null, null, null, null, null);
        DroverException back = roundTrip(new DroverTimeoutException("local", "awaitReady", "web", Duration.ofSeconds(90), last));
        assertThat(back).isInstanceOf(DroverTimeoutException.class).hasMessageContaining("timed out after 90000 ms");
        assertThat(((DroverTimeoutException) back).lastStatus()).isEqualTo(last);
    }

    @Test
    void otherFailuresBecomePlainDroverExceptionsNamingTheirClass() {
        DroverException back = roundTrip(new IllegalStateException("boom"));
        assertThat(back.getClass()).isEqualTo(DroverException.class);
        assertThat(back).hasMessageContaining("IllegalStateException: boom");
        assertThat(WireError.of(new IllegalStateException("boom")).httpStatus()).isEqualTo(500);
    }
}
