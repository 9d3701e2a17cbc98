package io.drover.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Capability;
import io.drover.api.CapabilityUse;
import io.drover.api.Downgrade;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecValidator;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CapabilityTableTest {
    /** Needs nothing optional but its update order, like the TCK's base spec: a command and a TCP port named http first. */
    static final ServiceSpec BASE = ServiceSpec.builder("web").command("app").port("http", 8080)
            .update(new UpdatePolicy(null, UpdateOrder.STOP_FIRST, FailureAction.PAUSE, null, null)).build();

    @Test
    void everyCapabilityHasExactlyOneRow() {
        Map<Capability, Long> rows = CapabilityTable.rows().stream()
                .collect(Collectors.groupingBy(CapabilityRow::capability, Collectors.counting()));
        assertThat(rows).containsOnlyKeys(Capability.values());
        assertThat(rows.values()).containsOnly(1L);
    }

    @ParameterizedTest
    @EnumSource(Capability.class)
    void everyExampleNeedsItsCapabilityAtOneOfItsRowsFields(Capability capability) {
        CapabilityRow row = CapabilityTable.row(capability);
        if (row.isOperation()) {
            assertThat(CapabilityTable.example(capability, BASE, "/health")).isEmpty();
            return;
        }
        ServiceSpec example = CapabilityTable.example(capability, BASE, "/health").orElseThrow();
        assertThat(SpecValidator.validate(example)).as("violations of the example").isEmpty();
        assertThat(Capability.requiredBy(example)).filteredOn(u -> u.capability() == capability).isNotEmpty()
                .allSatisfy(u -> assertThat(matchesOneOf(u.path(), row.fields())).as("%s is one of %s", u.path(), row.fields()).isTrue());
    }

    @Test
    void operationCapabilitiesAreTheRowsWithoutFields() {
        assertThat(CapabilityTable.rows().stream().filter(CapabilityRow::isOperation).map(CapabilityRow::capability))
                .containsExactlyInAnyOrderElementsOf(Capability.OPERATIONS);
    }

    @Test
    void usesOfSeveralRowsAreInDocumentOrder() {
        ServiceSpec spec = CapabilityTable.example(Capability.SEPARATE_PROBES, BASE, "/h").orElseThrow().toBuilder()
                .secret(new SecretRef("a", null, "/run/a", "A", null))
                .secret(new SecretRef("b", "B", null, null, null)).build();
        assertThat(Capability.requiredBy(spec)).extracting(CapabilityUse::path).containsExactly(
                "spec.secrets[0].path", "spec.secrets[1].env", "spec.secrets[1].name",
                "spec.probes.readiness", "spec.probes.readiness.tcp", "spec.probes.liveness", "spec.probes.liveness.tcp",
                "spec.probes", "spec.update.order");
    }

    @ParameterizedTest
    @EnumSource(Capability.class)
    void aDowngradedExampleNoLongerNeedsItsCapabilityOrStaysRefused(Capability capability) {
        CapabilityRow row = CapabilityTable.row(capability);
        if (row.isOperation()) return;
        ServiceSpec example = CapabilityTable.example(capability, BASE, "/health").orElseThrow();
        Set<Capability> missing = EnumSet.of(capability);
        List<Downgrade> downgrades = new ArrayList<>();
        ServiceSpec out = Downgrades.generic(example, missing, downgrades);
        List<Capability> still = Capability.missing(out, EnumSet.complementOf(EnumSet.of(capability))).stream().map(CapabilityUse::capability).toList();
        if (row.hasDowngrade()) {
            assertThat(still).isEmpty();
            assertThat(downgrades).isNotEmpty().allSatisfy(d -> assertThat(d.capability()).isEqualTo(capability));
            assertThat(SpecValidator.validate(out)).isEmpty();
        } else {
            assertThat(still).contains(capability);
            assertThat(downgrades).isEmpty();
            assertThat(out).isEqualTo(example);
        }
    }

    @Test
    void theCapabilitiesWithoutAnHonestDowngradeAreTheOnesTheFacadeStillRefuses() {
        assertThat(CapabilityTable.rows().stream().filter(r -> !r.isOperation() && !r.hasDowngrade()).map(CapabilityRow::capability))
                .containsExactly(Capability.IMAGE_ENTRYPOINT, Capability.SECRETS_ENV, Capability.SECRETS_FILE, Capability.SECRET_STORE,
                        Capability.UDP, Capability.RESTART_NEVER);
    }

    private static boolean matchesOneOf(String path, List<String> templates) {
        return templates.stream().anyMatch(t -> path.matches(Stream.of(t.split("\\[\\*]", -1))
                .map(java.util.regex.Pattern::quote).collect(Collectors.joining("\\[\\d+]"))));
    }
}
