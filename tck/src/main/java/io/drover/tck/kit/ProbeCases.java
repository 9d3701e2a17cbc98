package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Capability;
import io.drover.api.InstanceStatus;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.Probe;
import io.drover.tck.TestWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Readiness, liveness and startup probes.
 *
 * <p>Composed into the kit as its {@code Probe} group.
 */
public abstract class ProbeCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected ProbeCases(TckContext context) {
        super(context);
    }

    @Test
    void passingHttpReadinessMakesTheServiceReady() {
        requires(Capability.READINESS_PROBE, Capability.PROBE_HTTP);
        ServiceStatus s = deployReady(service("httpready").replicas(2).readiness(healthProbe()));
        assertThat(s.ready()).isEqualTo(2);
        assertThat(live(s)).allSatisfy(i -> assertThat(i.ready()).isTrue());
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void failingReadinessKeepsTheServiceUnready() {
        requires(Capability.READINESS_PROBE, Capability.PROBE_HTTP);
        String name = apply(service("unready").env(TestWorkload.ENV_UNHEALTHY, "1").readiness(healthProbe())).name();
        ServiceStatus s = awaitStatus(name, "PROBE_FAILING with 0 ready", x -> x.has(ProblemType.PROBE_FAILING) && x.ready() == 0);
        assertThat(s.state()).isNotEqualTo(ServiceState.READY);
        assertThat(s.desired()).isEqualTo(1);
        assertThat(s.instances()).noneSatisfy(i -> assertThat(i.ready()).isTrue());
        Problem p = s.problems().stream().filter(x -> x.type() == ProblemType.PROBE_FAILING).findFirst().orElseThrow();
        assertThat(p.hint()).isNotBlank();
        waiting("staying unready", quietPeriod().plusSeconds(10)).during(quietPeriod())
                .until(() -> status(name).ready() == 0);
    }

    @Test
    void passingTcpReadinessMakesTheServiceReady() {
        requires(Capability.READINESS_PROBE, Capability.PROBE_TCP);
        ServiceStatus s = deployReady(service("tcpready").readiness(Probe.tcp("http").everySeconds(1).timeoutSeconds(2)));
        assertThat(s.ready()).isEqualTo(1);
        assertThat(live(s).get(0).ready()).isTrue();
    }

    @Test
    void passingExecReadinessMakesTheServiceReady() {
        requires(Capability.READINESS_PROBE, Capability.PROBE_EXEC);
        ServiceStatus s = deployReady(service("execready").readiness(execProbe(workload().passingCommand())));
        assertThat(s.ready()).isEqualTo(1);
    }

    @Test
    void failingExecReadinessKeepsTheServiceUnready() {
        requires(Capability.READINESS_PROBE, Capability.PROBE_EXEC);
        String name = apply(service("execfail").readiness(execProbe(workload().failingCommand()))).name();
        ServiceStatus s = awaitStatus(name, "PROBE_FAILING with 0 ready", x -> x.has(ProblemType.PROBE_FAILING) && x.ready() == 0);
        assertThat(s.state()).isNotEqualTo(ServiceState.READY);
    }

    @Test
    void failingLivenessRestartsTheInstance() {
        requires(Capability.LIVENESS_PROBE, Capability.PROBE_HTTP);
        // the initial delay gives a slow-starting workload time to listen before liveness may kill it
        ServiceStatus s = deployReady(service("liveness").liveness(healthProbe().afterSeconds(5).failingAfter(3)));
        InstanceStatus i = live(s).get(0);
        eventually("the instance accepting " + workload().failPath(),
                () -> assertThat(ask(i, workload().failPath()).status()).isEqualTo(200));
        ServiceStatus healed = awaitStatus(s.name(), "restarted and READY again",
                x -> restarts(x) >= 1 && x.isReady() && x.ready() == 1);
        assertThat(restarts(healed)).isGreaterThanOrEqualTo(1);
        eventually("the restarted instance healthy", () -> {
            for (InstanceStatus r : running(status(s.name()))) assertThat(ask(r, workload().healthPath()).status()).isEqualTo(200);
        });
    }

    @Test
    void passingStartupProbeLetsTheServiceBecomeReady() {
        requires(Capability.STARTUP_PROBE, Capability.PROBE_HTTP);
        ServiceStatus s = deployReady(service("startup").startup(healthProbe().failingAfter(30)));
        assertThat(s.ready()).isEqualTo(1);
        assertThat(live(s).get(0).ready()).isTrue();
    }

    @Test
    void startupProbeThatNeverPassesKeepsTheInstanceUnready() {
        requires(Capability.STARTUP_PROBE, Capability.PROBE_HTTP);
        String name = apply(service("nostart").env(TestWorkload.ENV_UNHEALTHY, "1").startup(healthProbe())).name();
        ServiceStatus s = awaitStatus(name, "a failing startup probe reported (restart or PROBE_FAILING)",
                x -> x.ready() == 0 && (restarts(x) >= 1 || x.has(ProblemType.PROBE_FAILING)));
        assertThat(s.state()).isNotEqualTo(ServiceState.READY);
        waiting("staying unready", quietPeriod().plusSeconds(10)).during(quietPeriod())
                .until(() -> status(name).ready() == 0);
    }

    @Test
    void oneUnreadyInstanceOfThreeMakesTheServiceDegraded() {
        requires(Capability.READINESS_PROBE, Capability.PROBE_HTTP);
        ServiceStatus s = deployReady(service("degraded").replicas(3).readiness(healthProbe()));
        InstanceStatus victim = live(s).get(0);
        eventually("the instance accepting " + workload().failPath(),
                () -> assertThat(ask(victim, workload().failPath()).status()).isEqualTo(200));
        ServiceStatus degraded = awaitStatus(s.name(), "DEGRADED 2/3 with PROBE_FAILING",
                x -> x.state() == ServiceState.DEGRADED && x.ready() == 2 && x.has(ProblemType.PROBE_FAILING));
        assertThat(degraded.desired()).isEqualTo(3);
        InstanceStatus failed = instance(degraded, victim.id());
        assertThat(failed).as("the failed instance %s in %s", victim.id(), describe(degraded)).isNotNull();
        assertThat(failed.ready()).isFalse();
        assertThat(degraded.problems()).anySatisfy(p -> {
            assertThat(p.type()).isEqualTo(ProblemType.PROBE_FAILING);
            assertThat(p.instance()).isEqualTo(victim.id());
        });
    }

    private Probe execProbe(List<String> command) {
        return Probe.exec(command.toArray(String[]::new)).everySeconds(1).timeoutSeconds(5).failingAfter(2);
    }
}
