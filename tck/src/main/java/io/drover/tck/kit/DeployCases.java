package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.ApplyResult;
import io.drover.api.Capability;
import io.drover.api.InstanceStatus;
import io.drover.api.PortBinding;
import io.drover.api.RenderFormat;
import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.tck.TestWorkload;
import io.drover.tck.Tracked;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Creating services, applying changes, deleting them.
 *
 * <p>Composed into the kit as its {@code Deploy} group.
 */
public abstract class DeployCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected DeployCases(TckContext context) {
        super(context);
    }

    @Test
    void oneReplicaBecomesReadyAndAnswers() {
        ApplyResult created = apply(service("one"));
        assertThat(created.change()).isEqualTo(ApplyResult.Change.CREATED);
        assertThat(created.revision()).as("first revision").isPositive();
        ServiceStatus s = awaitReady(created.name());
        assertThat(s.desired()).isEqualTo(1);
        assertThat(s.ready()).isEqualTo(1);
        assertThat(live(s)).as(describe(s)).hasSize(1);
        PortBinding b = httpPort(live(s).get(0));
        assertThat(b.hostPort()).isBetween(1, 65535);
        eventually("version=1 from " + b.address(), () -> assertThat(http().get(b, workload().versionPath()).version()).isEqualTo("1"));
    }

    @Test
    void threeReplicasAreThreeDistinctInstances() {
        ServiceStatus s = deployReady(service("three").replicas(3));
        assertThat(s.ready()).isEqualTo(3);
        List<InstanceStatus> instances = live(s);
        assertThat(instances).as(describe(s)).hasSize(3);
        assertThat(instances.stream().map(InstanceStatus::id).distinct()).hasSize(3);
        assertThat(instances.stream().map(i -> httpPort(i).address()).distinct()).as("distinct addresses").hasSize(3);
        eventually("three distinct instance ids answering", () -> assertThat(
                instances.stream().map(i -> ask(i, workload().versionPath()).instance()).collect(Collectors.toSet())).hasSize(3));
    }

    @Test
    void applyingTheSameSpecTwiceIsANoOp() {
        ServiceSpec spec = service("twice").build();
        ApplyResult first = apply(spec);
        ApplyResult second = apply(spec);
        assertThat(second.change()).isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(second.revision()).isEqualTo(first.revision());
        awaitReady(spec.name());
        ApplyResult third = apply(spec);
        assertThat(third.change()).as("apply to a running service").isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(third.revision()).isEqualTo(first.revision());
        assertThat(status(spec.name()).revision()).isEqualTo(first.revision());
    }

    @Test
    void applyingAChangedTemplateCreatesANewRevision() {
        ServiceSpec v1 = service("newrev").build();
        ApplyResult first = apply(v1);
        awaitReady(v1.name());
        ApplyResult second = apply(revise(v1, 2));
        assertThat(second.change()).isEqualTo(ApplyResult.Change.UPDATED);
        assertThat(second.revision()).isGreaterThan(first.revision());
        ServiceStatus s = awaitReady(v1.name());
        assertThat(s.revision()).isEqualTo(second.revision());
        awaitVersion(v1.name(), 2);
    }

    @Test
    void changingOnlyReplicasScalesAndKeepsTheRevision() {
        ServiceSpec spec = service("onlyrep").build();
        ApplyResult first = apply(spec);
        awaitReady(spec.name());
        ApplyResult scaled = apply(spec.withReplicas(2));
        assertThat(scaled.change()).isEqualTo(ApplyResult.Change.SCALED);
        assertThat(scaled.revision()).isEqualTo(first.revision());
        ServiceStatus s = awaitStatus(spec.name(), "READY 2/2", x -> x.isReady() && x.desired() == 2 && x.ready() == 2);
        assertThat(s.revision()).isEqualTo(first.revision());
    }

    @Test
    void environmentVariablesReachTheProcess() {
        ServiceStatus s = deployReady(service("env").env(TestWorkload.ENV_UNHEALTHY, "1"));
        InstanceStatus i = live(s).get(0);
        eventually("health answering 500 because of " + TestWorkload.ENV_UNHEALTHY,
                () -> assertThat(ask(i, workload().healthPath()).status()).isEqualTo(500));
    }

    @Test
    void zeroReplicasIsReadyWithNoInstances() {
        ServiceStatus s = deployReady(service("zero").replicas(0));
        assertThat(s.desired()).isZero();
        assertThat(s.ready()).isZero();
        assertThat(live(s)).isEmpty();
    }

    @Test
    void deleteRemovesTheServiceAndItsInstances() {
        ServiceStatus s = deployReady(service("delete"));
        PortBinding b = httpPort(live(s).get(0));
        eventually("instance answering", () -> assertThat(http().get(b, workload().versionPath()).status()).isEqualTo(200));
        assertThat(drover().delete(s.name())).isTrue();
        awaitGone(s.name());
        eventually("instance at " + b.address() + " stopping",
                () -> assertThat(http().tryGet(b.host(), b.hostPort(), workload().versionPath())).isEmpty());
        assertThat(drover().delete(s.name())).as("second delete").isFalse();
    }

    @Test
    void deletingAMissingServiceReturnsFalse() {
        assertThat(drover().delete(absentName())).isFalse();
    }

    @Test
    void concurrentAppliesCreateEveryService() throws Exception {
        List<ServiceSpec> specs = List.of(service("para").build(), service("parb").build(), service("parc").build());
        ExecutorService pool = Executors.newFixedThreadPool(specs.size());
        try {
            List<Future<ApplyResult>> results = new ArrayList<>();
            for (ServiceSpec spec : specs) results.add(pool.submit(() -> drover().apply(spec))); // names already tracked
            for (Future<ApplyResult> r : results) {
                assertThat(r.get(readyTimeout().toSeconds(), TimeUnit.SECONDS).change()).isEqualTo(ApplyResult.Change.CREATED);
            }
        } finally {
            pool.shutdownNow();
        }
        for (ServiceSpec spec : specs) awaitReady(spec.name());
        assertThat(names(drover().list(Selector.label(Tracked.RUN_LABEL, runId()))))
                .containsAll(specs.stream().map(ServiceSpec::name).toList());
    }

    @Test
    void pinnedHostPortIsWhereTheInstanceAnswers() {
        requires(Capability.HOST_PORT);
        ServiceSpec base = service("hostport").build();
        int pinned = freePort();
        List<PortSpec> ports = new ArrayList<>(base.ports());
        ports.set(0, ports.get(0).withHostPort(pinned));
        ServiceStatus s = deployReady(base.toBuilder().ports(ports));
        PortBinding b = httpPort(live(s).get(0));
        assertThat(b.hostPort()).isEqualTo(pinned);
        eventually("version=1 on the pinned port " + pinned,
                () -> assertThat(http().get(b.host(), pinned, workload().versionPath()).version()).isEqualTo("1"));
    }

    @Test
    void secretReachesTheProcessWithoutItsValueShowing() throws IOException {
        requires(Capability.SECRETS_ENV);
        String token = "tck-token-" + Tracked.randomLetters(12);
        Path unhealthy = Files.createTempFile("tck-secret", ".txt");
        Path tokenFile = Files.createTempFile("tck-secret", ".txt");
        try {
            Files.writeString(unhealthy, "1");
            Files.writeString(tokenFile, token);
            String suffix = Tracked.randomLetters(6);
            ServiceSpec spec = service("secret")
                    .secret(new SecretRef("tck-unhealthy-" + suffix, TestWorkload.ENV_UNHEALTHY, null, null, unhealthy.toString()))
                    .secret(new SecretRef("tck-token-" + suffix, "TCK_TOKEN", null, null, tokenFile.toString()))
                    .build();
            ServiceStatus s = deployReady(spec.toBuilder());
            InstanceStatus i = live(s).get(0);
            eventually("health answering 500 because of the secret " + TestWorkload.ENV_UNHEALTHY,
                    () -> assertThat(ask(i, workload().healthPath()).status()).isEqualTo(500));
            ServiceStatus now = status(spec.name());
            assertThat(now.toString()).as("the status").doesNotContain(token);
            assertThat(describe(now)).as("the status described").doesNotContain(token);
            assertThat(drover().render(spec, RenderFormat.YAML)).doesNotContain(token);
            assertThat(drover().render(spec, RenderFormat.JSON)).doesNotContain(token);
        } finally {
            Files.deleteIfExists(unhealthy);
            Files.deleteIfExists(tokenFile);
        }
    }
}
