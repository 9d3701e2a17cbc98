package io.drover.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.DroverException;
import io.drover.api.error.DroverTimeoutException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {
    @Test
    void exceptionMessagesNameBackendOperationAndService() {
        DroverException e = new DroverException("boom", "swarm", "apply", "web", 500, true, null);
        assertThat(e.getMessage()).isEqualTo("[swarm apply web] boom");
        assertThat(e.detail()).isEqualTo("boom");
        assertThat(e.isRetryable()).isTrue();
        assertThat(new DroverException("plain").getMessage()).isEqualTo("plain");
        ServiceNotFoundException nf = new ServiceNotFoundException("local", "scale", "db");
        assertThat(nf.getMessage()).isEqualTo("[local scale db] service 'db' not found");
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(nf.isRetryable()).isFalse();
    }

    @Test
    void invalidSpecExceptionListsEveryViolationAndNeedsOne() {
        InvalidSpecException e = new InvalidSpecException(List.of(new Violation("spec.replicas", "must be 0 or more, was -1")));
        assertThat(e.getMessage()).isEqualTo("[validate] invalid spec (1 problem):\n  spec.replicas: must be 0 or more, was -1");
        assertThatThrownBy(() -> new InvalidSpecException(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Violation(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Violation("spec", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void capabilityRefusalListsEachFieldWithItsCapability() {
        CapabilityNotSupportedException e = new CapabilityNotSupportedException("swarm", "web", List.of(
                new CapabilityUse(Capability.LIVENESS_PROBE, "spec.probes.liveness"), new CapabilityUse(Capability.PROBE_TCP, "spec.probes.liveness.tcp"),
                new CapabilityUse(Capability.LIVENESS_PROBE, "spec.probes.startup")));
        assertThat(e.getMessage()).contains("  spec.probes.liveness: needs liveness-probe (a liveness probe that restarts failing instances)")
                .contains("  spec.probes.liveness.tcp: needs probe-tcp (TCP connect probes)").contains("lenient mode");
        assertThat(e.missing()).containsExactly(Capability.LIVENESS_PROBE, Capability.PROBE_TCP);
    }

    @Test
    void aTimeoutWithoutStatusSaysSo() {
        DroverTimeoutException e = new DroverTimeoutException("local", "awaitReady", "web", Duration.ofSeconds(2), null);
        assertThat(e.getMessage()).isEqualTo("[local awaitReady web] timed out after 2000 ms");
        assertThat(e.lastStatus()).isNull();
    }

    @Test
    void statusSummaryReadsInOneLine() {
        ServiceStatus s = new ServiceStatus("web", ServiceState.DEGRADED, 3, 3, 2, 3, 4, List.of(), List.of(),
                List.of(Problem.of(ProblemType.CRASH_LOOP, "exit 1", "web.2", "CrashLoopBackOff"), Problem.of(ProblemType.CRASH_LOOP, "exit 1", "web.2", "x")),
                null, null, null);
        assertThat(s.summary()).isEqualTo("web DEGRADED 2/3 ready, 3 updated, revision 4, problems: CRASH_LOOP@web.2 (exit 1)");
        assertThat(s.has(ProblemType.CRASH_LOOP)).isTrue();
        assertThat(s.has(ProblemType.UNSCHEDULABLE)).isFalse();
        assertThat(s.isReady()).isFalse();
        assertThat(s.observedAt()).isNotNull();
    }

    @Test
    void selectorsMatchByLabels() {
        assertThat(Selector.all().matches(Map.of())).isTrue();
        assertThat(Selector.label("tier", "web").matches(Map.of("tier", "web", "x", "y"))).isTrue();
        assertThat(Selector.label("tier", "web").matches(Map.of("tier", "db"))).isFalse();
        assertThat(Selector.label("tier", "web").matches(Map.of())).isFalse();
        assertThat(Selector.all().includingUnmanaged().includeUnmanaged()).isTrue();
    }

    @Test
    void endpointsFormatAddressesAndUrls() {
        assertThat(new Endpoint("http", "127.0.0.1", 8080, Protocol.TCP, ExposeType.NODE_PORT).address()).isEqualTo("127.0.0.1:8080");
        assertThat(new Endpoint("http", "::1", 8080, Protocol.TCP, ExposeType.NODE_PORT).url()).isEqualTo("http://[::1]:8080");
    }

    @Test
    void problemsDefaultTheirHintAndMessage() {
        Problem p = new Problem(ProblemType.UNSCHEDULABLE, null, null, "no suitable node", null);
        assertThat(p.message()).isEqualTo("UNSCHEDULABLE");
        assertThat(p.hint()).contains("node capacity");
        assertThatThrownBy(() -> new Problem(null, "x", null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
