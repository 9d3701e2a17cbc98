package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.Drover;
import io.drover.api.EventType;
import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ServiceSpec;
import io.drover.tck.RecordingListener;
import io.drover.tck.Tracked;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Namespaces: the same name in two namespaces is two services, a facade working in one namespace
 * sees, changes and deletes only that namespace's services, and a spec naming another namespace
 * than its facade is refused before anything is created.
 *
 * <p>Composed into the kit as its {@code Namespace} group.
 */
public abstract class NamespaceCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected NamespaceCases(TckContext context) {
        super(context);
    }

    /** A namespace of this run: {@code tck-<run id>-<suffix>}. */
    private String namespace(String suffix) {
        return "tck-" + runId().toLowerCase() + "-" + suffix;
    }

    private Drover in(String namespace) {
        return drover().inNamespace(namespace);
    }

    private ServiceStatus awaitReadyIn(String namespace, String name) {
        return in(namespace).awaitReady(name, readyTimeout());
    }

    @Test
    void theSameNameInTwoNamespacesIsTwoServices() {
        String a = namespace("a");
        String b = namespace("b");
        ServiceSpec spec = service("twin").build();
        apply(spec.withNamespace(a));
        apply(spec.withNamespace(b).withReplicas(2));
        ServiceStatus inA = awaitReadyIn(a, spec.name());
        ServiceStatus inB = awaitReadyIn(b, spec.name());
        assertThat(inA.desired()).as("replicas in %s", a).isEqualTo(1);
        assertThat(inB.desired()).as("replicas in %s", b).isEqualTo(2);
        assertThat(inA.namespace()).isEqualTo(a);
        assertThat(inB.namespace()).isEqualTo(b);
        assertThat(inA.name()).isEqualTo(spec.name());
        assertThat(drover().status(spec.name())).as("the default namespace has no %s", spec.name()).isEmpty();
    }

    @Test
    void aNamespacedFacadeListsOnlyItsNamespace() {
        String a = namespace("la");
        String b = namespace("lb");
        String x = in(a).apply(service("listx").build()).name();
        context().tracked().adopt(io.drover.api.ServiceRef.of(a, x));
        String y = in(b).apply(service("listy").build()).name();
        context().tracked().adopt(io.drover.api.ServiceRef.of(b, y));
        assertThat(in(a).list(Selector.label(Tracked.RUN_LABEL, runId()))).extracting(ServiceStatus::name).containsExactly(x);
        assertThat(in(a).list(Selector.label(Tracked.RUN_LABEL, runId()))).allSatisfy(s -> assertThat(s.namespace()).isEqualTo(a));
        assertThat(in(b).list(Selector.label(Tracked.RUN_LABEL, runId()))).extracting(ServiceStatus::name).containsExactly(y);
        assertThat(drover().list(Selector.label(Tracked.RUN_LABEL, runId()))).extracting(ServiceStatus::name).doesNotContain(x, y);
        assertThat(in(b).status(x)).as("%s is not in %s", x, b).isEmpty();
    }

    @Test
    void aNamespacedWatchSeesOnlyItsNamespace() {
        requires(io.drover.api.Capability.WATCH);
        String a = namespace("wa");
        String b = namespace("wb");
        ServiceSpec spec = service("watchns").build();
        apply(spec.withNamespace(a));
        apply(spec.withNamespace(b));
        RecordingListener events = new RecordingListener();
        try (Watch w = in(a).watch(Selector.label(Tracked.RUN_LABEL, runId()), events)) {
            in(b).scale(spec.name(), 2);
            waiting(b + "/" + spec.name() + " at desired 2", settleTimeout())
                    .until(() -> in(b).status(spec.name()).map(s -> s.desired() == 2).orElse(false));
            in(a).scale(spec.name(), 3);
            waiting("the event of " + a + "/" + spec.name() + " at desired 3", eventTimeout())
                    .until(() -> events.has(spec.name(), e -> e.type() == EventType.MODIFIED && e.status() != null && e.status().desired() == 3));
            assertThat(events.about(spec.name())).as("events of the watch in %s: %s", a, events.describe())
                    .allSatisfy(e -> assertThat(e.status() == null || e.status().namespace().equals(a)).isTrue())
                    .noneSatisfy(e -> assertThat(e.status() != null && e.status().desired() == 2).isTrue());
        }
    }

    @Test
    void deletingInOneNamespaceLeavesTheOther() {
        String a = namespace("da");
        String b = namespace("db");
        ServiceSpec spec = service("delns").build();
        apply(spec.withNamespace(a));
        apply(spec.withNamespace(b));
        assertThat(in(a).delete(spec.name())).isTrue();
        waiting(a + "/" + spec.name() + " gone", settleTimeout()).until(() -> in(a).status(spec.name()).isEmpty());
        assertThat(in(b).status(spec.name())).as("%s/%s after deleting it in %s", b, spec.name(), a).isPresent();
        assertThat(in(b).delete(spec.name())).isTrue();
    }

    @Test
    void aSpecNamingAnotherNamespaceThanItsFacadeIsRefusedBeforeAnythingIsCreated() {
        String a = namespace("ra");
        String b = namespace("rb");
        ServiceSpec spec = service("wrongns").build().withNamespace(b);
        assertThatThrownBy(() -> in(a).apply(spec)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo("metadata.namespace")));
        waiting("nothing created", quietPeriod().plusSeconds(10)).during(Duration.ofSeconds(1))
                .until(() -> in(a).status(spec.name()).isEmpty() && in(b).status(spec.name()).isEmpty());
    }

    @Test
    void anInvalidNamespaceIsRefusedWithItsPath() {
        ServiceSpec spec = service("badns").build().withNamespace("Not_A_Label");
        assertThatThrownBy(() -> drover().apply(spec)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).anySatisfy(v -> {
                    assertThat(v.path()).isEqualTo("metadata.namespace");
                    assertThat(v.message()).contains("DNS-1123");
                }));
        assertThatThrownBy(() -> drover().inNamespace("Not_A_Label")).isInstanceOf(InvalidSpecException.class);
    }
}
