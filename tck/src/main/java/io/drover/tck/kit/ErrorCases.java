package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.ApplyResult;
import io.drover.api.BackendInfo;
import io.drover.api.Capability;
import io.drover.api.Drover;
import io.drover.api.ProblemType;
import io.drover.api.RenderFormat;
import io.drover.api.Selector;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.DroverTimeoutException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.tck.CapabilitySpecs;
import io.drover.tck.TestWorkload;
import io.drover.tck.Tracked;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Refusals, timeouts, dry runs and backend facts.
 *
 * <p>Composed into the kit as its {@code Errors} group.
 */
public abstract class ErrorCases extends TckCases {
    /**
     * What lenient mode may still refuse: no generic downgrade honestly replaces these
     * ({@link io.drover.spi.Downgrades}); "never restart" turned into "always restart" would be the
     * opposite behaviour (a Kubernetes Deployment always restarts its pods).
     */
    private static final Set<Capability> NO_HONEST_EQUIVALENT = EnumSet.of(Capability.IMAGE_ENTRYPOINT, Capability.UDP,
            Capability.SECRETS_ENV, Capability.SECRETS_FILE, Capability.SECRET_STORE, Capability.RESTART_NEVER);

    /** Cases over the kit's shared fixture. */
    protected ErrorCases(TckContext context) {
        super(context);
    }

    @Test
    void awaitReadyTimesOutWithTheLastStatusAndItsProblems() {
        requires(Capability.READINESS_PROBE, Capability.PROBE_HTTP);
        String name = apply(service("timeout").env(TestWorkload.ENV_UNHEALTHY, "1").readiness(healthProbe())).name();
        awaitStatus(name, "PROBE_FAILING", x -> x.has(ProblemType.PROBE_FAILING));
        assertThatThrownBy(() -> drover().awaitReady(name, Duration.ofSeconds(3)))
                .isInstanceOfSatisfying(DroverTimeoutException.class, e -> {
                    assertThat(e.lastStatus()).isNotNull();
                    assertThat(e.lastStatus().name()).isEqualTo(name);
                    assertThat(e.lastStatus().state()).isNotEqualTo(ServiceState.READY);
                    assertThat(e.lastStatus().has(ProblemType.PROBE_FAILING)).as(describe(e.lastStatus())).isTrue();
                    assertThat(e.getMessage()).contains(name);
                });
    }

    @Test
    void invalidSpecIsRefusedWithEveryViolationAndNothingIsCreated() {
        ServiceSpec bad = service("invalid").replicas(-1).readiness(Probe.http("/health", "nosuchport")).build();
        assertThatThrownBy(() -> apply(bad)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).extracting(Violation::path).contains("spec.replicas", "spec.probes.readiness.http.port"));
        assertThat(drover().status(bad.name())).isEmpty();
        assertThat(names(drover().list(Selector.label(Tracked.RUN_LABEL, runId())))).doesNotContain(bad.name());
    }

    @Test
    void specNeedingAMissingCapabilityIsRefusedBeforeAnythingIsCreated() {
        List<Capability> lacking = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if (capabilities().contains(c)) continue;
            ServiceSpec base = service("nocap").build();
            Optional<ServiceSpec> spec = CapabilitySpecs.needing(c, base, workload().healthPath())
                    .filter(x -> Capability.requiredBy(x).stream().anyMatch(u -> u.capability() == c));
            if (spec.isEmpty()) continue;
            lacking.add(c);
            assertThatThrownBy(() -> apply(spec.get())).as("apply needing %s", c.id())
                    .isInstanceOfSatisfying(CapabilityNotSupportedException.class, e -> assertThat(e.missing()).contains(c));
            assertThatThrownBy(() -> drover().render(spec.get(), RenderFormat.YAML)).as("render needing %s", c.id())
                    .isInstanceOf(CapabilityNotSupportedException.class);
            assertThat(drover().status(base.name())).as("%s after a refused apply", base.name()).isEmpty();
        }
        if (lacking.isEmpty()) {
            skip(name() + " has every capability a spec can ask for");
        }
    }

    @Test
    void lenientModeRecordsADowngradeForEveryCapabilityItWorksAround() {
        Drover lenient = Drover.builder(drover().unwrap(Backend.class)).lenient(true).build(); // shares the backend: not closed
        int tried = 0;
        for (Capability c : Capability.values()) {
            if (capabilities().contains(c)) continue;
            ServiceSpec base = service("lenient").build();
            Optional<ServiceSpec> spec = CapabilitySpecs.needing(c, base, workload().healthPath())
                    .filter(x -> Capability.requiredBy(x).stream().anyMatch(u -> u.capability() == c));
            if (spec.isEmpty()) continue;
            tried++;
            ApplyResult result;
            try {
                result = lenient.apply(spec.get());
            } catch (CapabilityNotSupportedException e) {
                assertThat(NO_HONEST_EQUIVALENT).as("%s: lenient mode refused a spec needing %s, which the generic downgrades work around",
                        name(), c.id()).contains(c);
                assertThat(e.missing()).as("capabilities lenient mode could not work around").contains(c);
                assertThat(drover().status(base.name())).as("%s after a refused apply", base.name()).isEmpty();
                continue;
            }
            assertThat(result.change()).as("lenient apply of a spec needing %s", c.id()).isEqualTo(ApplyResult.Change.CREATED);
            assertThat(result.downgrades()).as("downgrades when applying a spec needing %s", c.id())
                    .anySatisfy(d -> assertThat(d.capability()).isEqualTo(c));
            ServiceStatus applied = status(base.name());
            if (applied.spec() != null) {
                assertThat(Capability.missing(applied.spec(), capabilities()))
                        .as("capabilities the spec applied leniently for %s still needs", c.id()).isEmpty();
            }
        }
        if (tried == 0) {
            skip(name() + " has every capability a spec can ask for");
        }
    }

    @Test
    void renderGivesTheNativeManifestWithoutCreatingAnything() {
        ServiceSpec spec = service("render").replicas(2).build();
        String yaml = drover().render(spec, RenderFormat.YAML);
        assertThat(yaml).isNotBlank().contains(spec.name());
        String json = drover().render(spec, RenderFormat.JSON);
        assertThat(json.trim()).contains(spec.name()).matches("(?s)^[\\[{].*[\\]}]$");
        assertThat(drover().status(spec.name())).isEmpty();
    }

    @Test
    void renderedManifestImportsBackToTheSameService() {
        ServiceSpec spec = service("import").replicas(2).env("TCK_MARK", "imported").build();
        ServiceSpec back = drover().importNative(drover().render(spec, RenderFormat.YAML));
        assertThat(back.name()).isEqualTo(spec.name());
        assertThat(back.replicas()).isEqualTo(2);
        assertThat(back.env()).containsEntry("TCK_MARK", "imported");
        assertThat(back.ports()).extracting(p -> p.name()).containsExactlyElementsOf(spec.ports().stream().map(p -> p.name()).toList());
        assertThat(drover().status(spec.name())).isEmpty();
    }

    @Test
    void infoNamesTheBackendAndItsCapabilities() {
        BackendInfo info = drover().info();
        assertThat(info.name()).isNotBlank().isEqualTo(drover().backendName());
        assertThat(info.capabilities()).isNotEmpty()
                .as("info() and the backend's capabilities()").isEqualTo(drover().unwrap(Backend.class).capabilities());
    }
}
