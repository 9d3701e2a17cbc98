package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.ApplyResult;
import io.drover.api.Capability;
import io.drover.api.Endpoint;
import io.drover.api.InstanceStatus;
import io.drover.api.ServiceStatus;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.ServiceSpec;
import io.drover.tck.TckHttp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Exposing services through endpoints.
 *
 * <p>Composed into the kit as its {@code Expose} group.
 */
public abstract class ExposeCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected ExposeCases(TckContext context) {
        super(context);
    }

    @Test
    void exposingThroughALoadBalancerReturnsEndpointsThatAnswer() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("lb"));
        List<Endpoint> endpoints = drover().expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http")));
        assertThat(endpoints).isNotEmpty();
        Endpoint e = endpoints.get(0);
        assertThat(e.port()).isBetween(1, 65535);
        assertThat(e.type()).isEqualTo(ExposeType.LOAD_BALANCER);
        eventually("version=1 through " + e.address(), () -> assertThat(http().get(e, workload().versionPath()).version()).isEqualTo("1"));
    }

    @Test
    void statusListsTheExposedEndpoints() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("lbstatus"));
        List<Endpoint> endpoints = drover().expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http")));
        Set<String> addresses = endpoints.stream().map(Endpoint::address).collect(Collectors.toSet());
        ServiceStatus exposed = awaitStatus(s.name(), "listing endpoints " + addresses,
                x -> x.endpoints().stream().map(Endpoint::address).collect(Collectors.toSet()).containsAll(addresses));
        assertThat(exposed.endpoints()).isNotEmpty();
    }

    @Test
    void loadBalancerSpreadsRequestsOverReadyInstances() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("spread").replicas(3));
        Endpoint e = drover().expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))).get(0);
        eventually("requests through " + e.address() + " reaching all three instances", () -> {
            Set<String> seen = new HashSet<>();
            for (int n = 0; n < 30; n++) seen.add(http().get(e, workload().versionPath()).instance());
            assertThat(seen).hasSize(3);
        });
    }

    @Test
    void unreadyInstanceGetsNoTrafficThroughTheEndpoint() {
        requires(Capability.EXPOSE_LOAD_BALANCER, Capability.READINESS_PROBE, Capability.PROBE_HTTP);
        ServiceStatus s = deployReady(service("gate").replicas(2).readiness(healthProbe()));
        Endpoint e = drover().expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))).get(0);
        InstanceStatus victim = live(s).get(0);
        AtomicReference<String> victimId = new AtomicReference<>();
        eventually("the victim answering", () -> victimId.set(ask(victim, workload().versionPath()).instance()));
        eventually("the victim accepting " + workload().failPath(),
                () -> assertThat(ask(victim, workload().failPath()).status()).isEqualTo(200));
        awaitStatus(s.name(), "instance " + victim.id() + " unready", x -> x.ready() == 1
                && instance(x, victim.id()) != null && !instance(x, victim.id()).ready());
        eventually("no request through " + e.address() + " reaching the unready instance", () -> {
            for (int n = 0; n < 12; n++) {
                TckHttp.Reply r = http().get(e, workload().versionPath());
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.instance()).isNotEqualTo(victimId.get());
            }
        });
    }

    @Test
    void exposingAsNoneRemovesTheEndpoint() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("unexpose"));
        Endpoint e = drover().expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))).get(0);
        eventually("endpoint answering", () -> assertThat(http().get(e, workload().versionPath()).status()).isEqualTo(200));
        assertThat(drover().expose(s.name(), ExposeSpec.NONE)).isEmpty();
        awaitStatus(s.name(), "without endpoints", x -> x.endpoints().isEmpty());
        eventually("endpoint " + e.address() + " closed",
                () -> assertThat(http().tryGet(e.host(), e.port(), workload().versionPath())).isEmpty());
    }

    @Test
    void exposingAnUndeclaredTargetPortIsRefusedBeforeAnythingChanges() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        String name = apply(service("badtarget")).name();
        assertThatThrownBy(() -> drover().expose(name, ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "nosuchport"))))
                .isInstanceOfSatisfying(InvalidSpecException.class, ex -> assertThat(ex.violations())
                        .anySatisfy(v -> assertThat(v.path()).contains("targetPort")));
        ServiceStatus s = status(name);
        assertThat(s.endpoints()).isEmpty();
        assertThat(s.spec() == null ? ExposeSpec.NONE : s.spec().exposeOrNone()).isEqualTo(ExposeSpec.NONE);
    }

    @Test
    void exposingOnANodePortGivesEndpointsThatAnswer() {
        requires(Capability.EXPOSE_NODE_PORT);
        ServiceStatus s = deployReady(service("nodeport"));
        List<Endpoint> endpoints = drover().expose(s.name(), ExposeSpec.of(ExposeType.NODE_PORT, ExposedPort.of(freePort(), "http")));
        assertThat(endpoints).isNotEmpty().allSatisfy(e -> assertThat(e.type()).isEqualTo(ExposeType.NODE_PORT));
        Endpoint e = endpoints.get(0);
        eventually("version=1 through " + e.address(), () -> assertThat(http().get(e, workload().versionPath()).version()).isEqualTo("1"));
    }

    @Test
    void exposingAMissingServiceThrowsServiceNotFound() {
        assertThatThrownBy(() -> drover().expose(absentName(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))))
                .isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void exposureInTheSpecGivesEndpointsThatAnswer() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("specexpose").expose(ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))));
        ServiceStatus exposed = awaitStatus(s.name(), "listing an endpoint", x -> !x.endpoints().isEmpty());
        Endpoint e = exposed.endpoints().get(0);
        eventually("version=1 through " + e.address(), () -> assertThat(http().get(e, workload().versionPath()).version()).isEqualTo("1"));
    }

    @Test
    void anExposureSurvivesAnApplyWithoutExpose() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("keepexpose"));
        ExposeSpec exposure = ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"));
        Endpoint e = drover().expose(s.name(), exposure).get(0);
        ServiceSpec v2 = revise(s.spec(), 2).withExpose(null);
        assertThat(drover().apply(v2).change()).isEqualTo(ApplyResult.Change.UPDATED);
        awaitVersion(s.name(), 2);
        ServiceStatus updated = awaitReady(s.name());
        assertThat(updated.spec().exposeOrNone()).isEqualTo(exposure);
        assertThat(updated.endpoints()).isNotEmpty();
        eventually("version=2 through " + e.address(), () -> assertThat(http().get(e, workload().versionPath()).version()).isEqualTo("2"));
    }

    @Test
    void reapplyingTheSameSpecWithoutExposeChangesNothing() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("sameexpose"));
        drover().expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http")));
        ServiceSpec again = s.spec().withExpose(null);
        ApplyResult result = drover().apply(again);
        assertThat(result.change()).isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(result.revision()).isEqualTo(s.revision());
    }

    @Test
    void exposeNoneInAnAppliedSpecRemovesTheExposure() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("dropexpose"));
        drover().expose(s.name(), ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http")));
        awaitStatus(s.name(), "listing an endpoint", x -> !x.endpoints().isEmpty());
        drover().apply(s.spec().withExpose(ExposeSpec.NONE));
        ServiceStatus after = awaitStatus(s.name(), "without endpoints", x -> x.endpoints().isEmpty());
        assertThat(after.spec().exposeOrNone()).isEqualTo(ExposeSpec.NONE);
    }

    @Test
    void aRollbackKeepsTheCurrentExposure() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("rollexpose"));
        drover().apply(revise(s.spec(), 2).withExpose(null));
        awaitVersion(s.name(), 2);
        ExposeSpec exposure = ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"));
        Endpoint e = drover().expose(s.name(), exposure).get(0);
        drover().rollback(s.name());
        awaitVersion(s.name(), 1);
        ServiceStatus back = awaitReady(s.name());
        assertThat(back.spec().exposeOrNone()).isEqualTo(exposure);
        eventually("version=1 through " + e.address(), () -> assertThat(http().get(e, workload().versionPath()).version()).isEqualTo("1"));
    }

    @Test
    void changingOnlyTheExposureMakesNoNewRevision() {
        requires(Capability.EXPOSE_LOAD_BALANCER);
        ServiceStatus s = deployReady(service("exposerev"));
        ApplyResult result = drover().apply(s.spec().withExpose(ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http"))));
        assertThat(result.revision()).isEqualTo(s.revision());
        assertThat(result.change()).isNotEqualTo(ApplyResult.Change.CREATED);
        ServiceStatus exposed = awaitStatus(s.name(), "listing an endpoint", x -> !x.endpoints().isEmpty() && x.isReady());
        assertThat(exposed.revision()).isEqualTo(s.revision());
    }

    @Test
    void anExposedServiceWithNothingReadyReportsNoReadyEndpoints() {
        requires(Capability.EXPOSE_LOAD_BALANCER, Capability.READINESS_PROBE, Capability.PROBE_HTTP);
        String name = apply(service("noendpoints").env(io.drover.tck.TestWorkload.ENV_UNHEALTHY, "1").readiness(healthProbe())
                .expose(ExposeSpec.loadBalancer(ExposedPort.of(freePort(), "http")))).name();
        ServiceStatus s = awaitStatus(name, "NO_READY_ENDPOINTS", x -> x.has(io.drover.api.ProblemType.NO_READY_ENDPOINTS));
        assertThat(s.ready()).isZero();
        assertThat(s.problems()).filteredOn(p -> p.type() == io.drover.api.ProblemType.NO_READY_ENDPOINTS).hasSize(1);
    }

    @Test
    void anInvalidExposureInAnAppliedSpecIsRefusedBeforeAnythingIsCreated() {
        ServiceSpec spec = service("badexpose").expose(new ExposeSpec(ExposeType.NONE, List.of(ExposedPort.of(freePort(), "http")))).build();
        assertThatThrownBy(() -> drover().apply(spec))
                .isInstanceOfSatisfying(InvalidSpecException.class, ex -> assertThat(ex.violations())
                        .anySatisfy(v -> assertThat(v.path()).isEqualTo("spec.expose.ports")));
        assertThat(drover().status(spec.name())).isEmpty();
    }
}
