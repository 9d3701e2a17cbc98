package io.drover.tck.kit;

import io.drover.api.ApplyResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Capability;
import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.PortBinding;
import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.Selector;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.tck.TestWorkload;
import io.drover.tck.Tracked;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What status and list report, including crashes and their diagnosis.
 *
 * <p>Composed into the kit as its {@code Status} group.
 */
public abstract class StatusCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected StatusCases(TckContext context) {
        super(context);
    }

    @Test
    void statusOfAMissingServiceIsEmpty() {
        assertThat(drover().status(absentName())).isEmpty();
    }

    @Test
    void listShowsTheCreatedServices() {
        String a = apply(service("lista")).name();
        String b = apply(service("listb")).name();
        List<ServiceStatus> listed = drover().list(Selector.label(Tracked.RUN_LABEL, runId()));
        assertThat(names(listed)).contains(a, b);
        assertThat(listed).allSatisfy(s -> assertThat(s.labels()).containsEntry(Tracked.RUN_LABEL, runId()));
    }

    @Test
    void listFiltersByLabel() {
        String alpha = apply(service("alpha").label("tck.drover.io/tier", "alpha")).name();
        String beta = apply(service("beta").label("tck.drover.io/tier", "beta")).name();
        List<ServiceStatus> listed = drover().list(new Selector(Map.of(Tracked.RUN_LABEL, runId(), "tck.drover.io/tier", "alpha"), false));
        assertThat(names(listed)).contains(alpha).doesNotContain(beta);
    }

    @Test
    void listDoesNotShowServicesOfOtherRuns() {
        String otherRun = runId() + "x";
        String mine = apply(service("mine")).name();
        String theirs = apply(service("theirs").label(Tracked.RUN_LABEL, otherRun)).name();
        assertThat(names(drover().list(Selector.label(Tracked.RUN_LABEL, runId())))).contains(mine).doesNotContain(theirs);
        assertThat(names(drover().list(Selector.label(Tracked.RUN_LABEL, otherRun)))).contains(theirs).doesNotContain(mine);
    }

    @Test
    void statusCarriesTheLabelsAndTheAppliedSpec() {
        ServiceSpec spec = service("labels").label("tck.drover.io/tier", "web").build();
        apply(spec);
        ServiceStatus s = status(spec.name());
        assertThat(s.name()).isEqualTo(spec.name());
        assertThat(s.labels()).containsEntry(Tracked.RUN_LABEL, runId()).containsEntry("tck.drover.io/tier", "web");
        assertThat(s.spec()).as("the applied spec").isNotNull();
        assertThat(s.spec().name()).isEqualTo(spec.name());
        assertThat(s.spec().replicas()).isEqualTo(1);
    }

    @Test
    void statusDescribesEachInstance() {
        ServiceSpec spec = service("instances").build();
        ServiceStatus s = deployReady(spec.toBuilder());
        assertThat(s.running()).isEqualTo(1);
        InstanceStatus i = live(s).get(0);
        assertThat(i.id()).isNotBlank();
        assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(i.ready()).isTrue();
        assertThat(i.revision()).isEqualTo(s.revision());
        assertThat(i.startedAt()).isNotNull().isBeforeOrEqualTo(Instant.now());
        PortBinding b = httpPort(i);
        assertThat(b.containerPort()).isEqualTo(spec.port("http").orElseThrow().containerPort());
        assertThat(b.host()).isNotBlank();
    }

    @Test
    void afterAScaleDownOnlyTheDesiredInstancesCount() {
        ServiceStatus s = deployReady(service("countdown").replicas(3));
        drover().scale(s.name(), 1);
        ServiceStatus after = awaitStatus(s.name(), "counting one instance",
                x -> x.desired() == 1 && x.ready() == 1 && x.running() == 1 && x.updated() == 1 && x.isReady());
        assertThat(after.ready()).isLessThanOrEqualTo(after.desired());
    }

    @Test
    void afterAnUpdateEveryCountIsTheDesiredCountAtTheNewRevision() {
        ServiceStatus s = deployReady(service("countupdate").replicas(2));
        ApplyResult updated = apply(revise(s.spec(), 2));
        awaitVersion(s.name(), 2);
        ServiceStatus done = awaitStatus(s.name(), "ready at revision " + updated.revision(),
                x -> x.isReady() && x.revision() == updated.revision() && x.updated() == 2);
        assertThat(List.of(done.desired(), done.running(), done.ready(), done.updated())).containsOnly(2);
        assertThat(live(done)).allSatisfy(i -> assertThat(i.revision()).isEqualTo(updated.revision()));
    }

    @Test
    void readyServiceHasNoProblems() {
        ServiceStatus s = deployReady(service("healthy").replicas(2));
        assertThat(s.problems()).isEmpty();
        assertThat(List.of(s.desired(), s.running(), s.ready(), s.updated())).containsOnly(2);
    }

    @Test
    void crashedInstanceIsRestartedAndReportsItsExitCode() {
        ServiceStatus s = deployReady(service("crash"));
        InstanceStatus i = live(s).get(0);
        eventually("instance answering", () -> assertThat(ask(i, workload().versionPath()).status()).isEqualTo(200));
        http().tryGet(httpPort(i).host(), httpPort(i).hostPort(), workload().crashPath(7));
        ServiceStatus healed = awaitStatus(s.name(), "restarted after exit 7 and READY again", x -> x.isReady() && x.ready() == 1
                && x.instances().stream().anyMatch(r -> r.restarts() >= 1 && Integer.valueOf(7).equals(r.lastExitCode())));
        assertThat(restarts(healed)).isGreaterThanOrEqualTo(1);
        awaitVersion(s.name(), 1);
    }

    @Test
    void crashLoopIsReportedAsFailedWithAHint() {
        String name = apply(service("crashloop").env(TestWorkload.ENV_CRASH_AFTER_MS, "200").env(TestWorkload.ENV_EXIT_CODE, "3")).name();
        ServiceStatus s = awaitStatus(name, "FAILED with CRASH_LOOP", readyTimeout(),
                x -> x.state() == ServiceState.FAILED && x.has(ProblemType.CRASH_LOOP));
        assertThat(s.ready()).isZero();
        assertThat(s.desired()).isEqualTo(1);
        Problem p = s.problems().stream().filter(x -> x.type() == ProblemType.CRASH_LOOP).findFirst().orElseThrow();
        assertThat(p.hint()).isNotBlank();
        assertThat(p.nativeReason()).as("native reason of %s", p).isNotBlank();
        assertThat(s.instances()).as(describe(s)).anySatisfy(i -> assertThat(i.lastExitCode()).isEqualTo(3));
    }

    @Test
    void restartNeverLeavesACrashedInstanceDown() {
        requires(Capability.RESTART_NEVER);
        ServiceStatus s = deployReady(service("never").restart(RestartCondition.NEVER));
        crash(live(s).get(0), 5);
        awaitStatus(s.name(), "the instance exited with 5 and not restarted", x -> x.ready() == 0 && live(x).isEmpty()
                && x.instances().stream().anyMatch(i -> Integer.valueOf(5).equals(i.lastExitCode())));
        staysDown(s.name(), 0);
    }

    @Test
    void restartOnFailureLeavesACleanExitDown() {
        requires(Capability.RESTART_ON_FAILURE);
        ServiceStatus s = deployReady(service("cleanexit").restart(RestartCondition.ON_FAILURE));
        crash(live(s).get(0), 0);
        ServiceStatus done = awaitStatus(s.name(), "the instance completed", x -> live(x).isEmpty()
                && x.instances().stream().anyMatch(i -> Integer.valueOf(0).equals(i.lastExitCode())));
        assertThat(done.instances()).anySatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.COMPLETED));
        staysDown(s.name(), 0);
    }

    @Test
    void restartOnFailureRestartsAfterAnError() {
        requires(Capability.RESTART_ON_FAILURE);
        ServiceStatus s = deployReady(service("onfailure").restart(RestartCondition.ON_FAILURE));
        crash(live(s).get(0), 4);
        awaitStatus(s.name(), "restarted after exit 4 and READY again", x -> x.isReady() && restarts(x) >= 1
                && x.instances().stream().anyMatch(i -> Integer.valueOf(4).equals(i.lastExitCode())));
        awaitVersion(s.name(), 1);
    }

    @Test
    void maxAttemptsBoundsTheRestarts() {
        requires(Capability.RESTART_MAX_ATTEMPTS);
        String name = apply(service("maxtries").restart(new RestartPolicy(RestartCondition.ALWAYS, 1))
                .env(TestWorkload.ENV_CRASH_AFTER_MS, "300").env(TestWorkload.ENV_EXIT_CODE, "3")).name();
        awaitStatus(name, "down after one restart", readyTimeout(), x -> restarts(x) == 1 && live(x).isEmpty());
        staysDown(name, 1);
    }

    private void crash(InstanceStatus instance, int code) {
        eventually("instance answering", () -> assertThat(ask(instance, workload().versionPath()).status()).isEqualTo(200));
        http().tryGet(httpPort(instance).host(), httpPort(instance).hostPort(), workload().crashPath(code));
    }

    private void staysDown(String name, int restarts) {
        Duration quiet = quietPeriod().multipliedBy(2);
        waiting(name + " staying down with " + restarts + " restarts", quiet.plusSeconds(10)).during(quiet)
                .until(() -> {
                    ServiceStatus x = status(name);
                    return live(x).isEmpty() && restarts(x) == restarts;
                });
    }
}
