package io.drover.backend.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.Drover;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.NomadExtension;
import io.drover.api.spec.Placement;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.api.spec.Violation;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Nomad backend's own rules: its extension section and what a Nomad job cannot express, reported as JSON paths before anything is registered. */
class NomadSpecRulesTest {
    static ServiceSpec.Builder base() {
        return ServiceSpec.builder("web").image("nginx:1.27").port("http", 80).replicas(2);
    }

    static Extensions nomad(List<String> dcs, String namespace, String region, Integer canary, Integer priority) {
        return new Extensions(null, null, new NomadExtension(dcs, namespace, region, canary, priority), null);
    }

    static Arguments invalid(String description, Supplier<ServiceSpec> spec, String path, String message) {
        return Arguments.of(Named.of(description, spec), path, message);
    }

    static Stream<Arguments> invalidExtensions() {
        return Stream.of(
                invalid("duplicate datacenter", () -> base().extensions(nomad(List.of("dc1", "dc1"), null, null, null, null)).build(),
                        "spec.extensions.nomad.datacenters[1]", "duplicates datacenter 'dc1'"),
                invalid("blank datacenter", () -> base().extensions(nomad(List.of(""), null, null, null, null)).build(),
                        "spec.extensions.nomad.datacenters[0]", "must not be empty"),
                invalid("datacenter with a control character", () -> base().extensions(nomad(List.of("dc\u001b1"), null, null, null, null)).build(),
                        "spec.extensions.nomad.datacenters[0]", "must not contain control characters, found U+001B"),
                invalid("negative canary", () -> base().extensions(nomad(null, null, null, -1, null)).build(), "spec.extensions.nomad.canary",
                        "must be 0 or more, was -1"),
                invalid("priority 0", () -> base().extensions(nomad(null, null, null, null, 0)).build(), "spec.extensions.nomad.priority", "must be 1..100, was 0"),
                invalid("priority 101", () -> base().extensions(nomad(null, null, null, null, 101)).build(), "spec.extensions.nomad.priority", "must be 1..100, was 101"),
                invalid("blank nomad namespace", () -> base().extensions(nomad(null, " ", null, null, null)).build(), "spec.extensions.nomad.namespace", "must not be empty"),
                invalid("blank nomad region", () -> base().extensions(nomad(null, null, "", null, null)).build(), "spec.extensions.nomad.region", "must not be empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExtensions")
    void eachInvalidExtensionIsReportedWithItsExactPathAndReason(Supplier<ServiceSpec> spec, String path, String message) {
        assertThat(NomadSpecRules.extension(spec.get())).containsExactly(new Violation(path, message));
        assertThat(NomadSpecRules.validate(spec.get())).containsExactly(new Violation(path, message));
        assertThat(new NomadBackendProvider().validate(spec.get())).containsExactly(new Violation(path, message));
    }

    @Test
    void fieldsNomadCannotExpressAreReportedByPath() {
        ServiceSpec spec = SpecIO.read("""
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  image: drover-test/web:1
                  ports: [ { name: http, containerPort: 8080 } ]
                  resources: { requests: { cpu: 250m }, limits: { cpu: "1" } }
                  probes: { readiness: { http: { path: /, port: "9999" } } }
                  update: { order: stopFirst }
                  placement: { constraints: [ "node.role == manager" ] }
                  security: { runAsGroup: 10 }
                  extensions: { nomad: { canary: 1 } }
                """);
        assertThat(NomadSpecRules.validate(spec)).extracting(Violation::path).containsExactly(
                "spec.resources.limits.cpu", "spec.probes.readiness.http.port", "spec.placement.constraints[0]",
                "spec.security.runAsGroup", "spec.extensions.nomad.canary");
        assertThat(NomadSpecRules.extension(spec)).as("hold only where the spec is applied").isEmpty();
        assertThat(new NomadBackendProvider().validate(spec)).isEmpty();
    }

    @Test
    void neutralViolationsAreNotRepeated() {
        ServiceSpec spec = base().readiness(Probe.tcp("admin")).liveness(Probe.http("/", ""))
                .placement(new Placement(List.of("zone == a", "node.rank == 1"), "rack", null))
                .labels(Map.of("io.drover/x", "y")).build();
        assertThat(NomadSpecRules.validate(spec)).isEmpty();
    }

    @Test
    void aCanaryWithAStartFirstUpdateIsFine() {
        ServiceSpec spec = base().update(new UpdatePolicy(null, UpdateOrder.START_FIRST, null, null, null))
                .extensions(nomad(List.of("dc1", "dc2"), "team", "eu", 1, 50)).build();
        assertThat(NomadSpecRules.validate(spec)).isEmpty();
    }

    @Test
    void aNeutralSpecWithinNomadsMeansHasNoViolation() {
        ServiceSpec spec = ServiceSpec.builder("web").image("drover-test/web:1").port("http", 8080).readiness(Probe.tcp("8080")).build();
        assertThat(NomadSpecRules.validate(spec)).isEmpty();
    }

    @Test
    void theFacadeReportsTheseRulesWithTheNeutralOnesBeforeContactingNomad() {
        ServiceSpec spec = base().replicas(-1).security(new io.drover.api.spec.SecurityPolicy(null, 10L, null, null, null, null))
                .extensions(nomad(null, null, null, null, 0)).build();
        // port 1 on loopback: any request would fail with a connection error instead of the violations
        NomadConfig nowhere = NomadConfig.fromEnvironment(Map.of("NOMAD_ADDR", "http://127.0.0.1:1"));
        try (Drover drover = Drover.builder(new NomadBackend(nowhere)).build()) {
            assertThatThrownBy(() -> drover.apply(spec)).isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations())
                    .containsExactly(new Violation("spec.replicas", "must be 0 or more, was -1"),
                            new Violation("spec.security.runAsGroup", "Nomad's task User takes a group only after a user (uid:gid): set runAsUser too"),
                            new Violation("spec.extensions.nomad.priority", "must be 1..100, was 0")));
        }
    }
}
