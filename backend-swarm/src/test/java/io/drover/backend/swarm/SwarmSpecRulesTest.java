package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.Drover;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SwarmExtension;
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

/** The Swarm backend's own rules: its extension section and what a Docker service cannot express. */
class SwarmSpecRulesTest {
    static ServiceSpec.Builder base() {
        return ServiceSpec.builder("web").image("nginx:1.27").port("http", 80).replicas(2);
    }

    static Extensions swarm(SwarmExtension.PublishMode publish, List<String> networks, Integer stopGrace) {
        return new Extensions(null, new SwarmExtension(null, publish, networks, stopGrace), null, null);
    }

    static Arguments invalid(String description, Supplier<ServiceSpec> spec, String path, String message) {
        return Arguments.of(Named.of(description, spec), path, message);
    }

    static Stream<Arguments> invalidExtensions() {
        return Stream.of(
                invalid("negative stop grace period", () -> base().extensions(swarm(null, null, -1)).build(),
                        "spec.extensions.swarm.stopGracePeriodSeconds", "must be 0 or more, was -1"),
                invalid("blank network", () -> base().extensions(swarm(null, List.of("front", " "), null)).build(),
                        "spec.extensions.swarm.networks[1]", "must not be empty"),
                invalid("duplicate network", () -> base().extensions(swarm(null, List.of("front", "back", "front"), null)).build(),
                        "spec.extensions.swarm.networks[2]", "duplicates network 'front'"),
                invalid("network with a control character", () -> base().extensions(swarm(null, List.of("fr\u0001ont"), null)).build(),
                        "spec.extensions.swarm.networks[0]", "must not contain control characters, found U+0001"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExtensions")
    void eachInvalidExtensionIsReportedWithItsExactPathAndReason(Supplier<ServiceSpec> spec, String path, String message) {
        assertThat(SwarmSpecRules.extension(spec.get())).containsExactly(new Violation(path, message));
        assertThat(SwarmSpecRules.validate(spec.get())).containsExactly(new Violation(path, message));
        assertThat(new SwarmBackendProvider().validate(spec.get())).containsExactly(new Violation(path, message));
    }

    @Test
    void aPinnedNodePortNeedsIngressPublishingOnSwarmOnly() {
        ExposeSpec pinned = ExposeSpec.of(ExposeType.NODE_PORT, new ExposedPort(8080, "http", null), new ExposedPort(8081, "http", 30081));
        ServiceSpec host = base().expose(pinned).build();
        assertThat(SwarmSpecRules.validate(host)).containsExactly(new Violation("spec.expose.ports[1].nodePort",
                "needs spec.extensions.swarm.publishMode: ingress on Swarm (in host mode each instance gets its own port)"));
        assertThat(new SwarmBackendProvider().validate(host)).as("holds only where the spec is applied").isEmpty();
        assertThat(SwarmSpecRules.validate(base().expose(pinned).extensions(swarm(SwarmExtension.PublishMode.INGRESS, null, null)).build())).isEmpty();
    }

    @Test
    void aLoadBalancerIsLeftToTheCapabilityCheck() {
        // Swarm lacks load balancers: strict mode refuses the type, lenient mode makes it a node port and the facade checks that again
        ServiceSpec spec = base().expose(ExposeSpec.loadBalancer(new ExposedPort(80, "http", 30080))).build();
        assertThat(SwarmSpecRules.validate(spec)).isEmpty();
        ServiceSpec downgraded = spec.toBuilder().expose(ExposeSpec.of(ExposeType.NODE_PORT, new ExposedPort(80, "http", 30080))).build();
        assertThat(SwarmSpecRules.validate(downgraded)).extracting(Violation::path).containsExactly("spec.expose.ports[0].nodePort");
    }

    @Test
    void theTranslatorRefusesWhatTheRulesRefuse() {
        ServiceSpec spec = base().expose(ExposeSpec.of(ExposeType.NODE_PORT, new ExposedPort(8080, "http", 30080)))
                .extensions(swarm(null, null, -1)).build();
        assertThatThrownBy(() -> new SwarmTranslator().toNative(spec, Map.of(), 1, "hash"))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations()).isEqualTo(SwarmSpecRules.validate(spec)));
    }

    @Test
    void aFullSwarmSectionIsValid() {
        ServiceSpec spec = base().extensions(new Extensions(null, new SwarmExtension(SwarmExtension.EndpointMode.DNSRR,
                SwarmExtension.PublishMode.HOST, List.of("front", "back"), 10), null, null)).build();
        assertThat(SwarmSpecRules.validate(spec)).isEmpty();
    }

    @Test
    void theFacadeReportsTheseRulesWithTheNeutralOnesBeforeContactingTheEngine() {
        ServiceSpec spec = base().replicas(-1).extensions(swarm(null, null, -1)).build();
        try (Drover drover = Drover.builder(new SwarmBackend(SwarmConfig.of("unix:///nonexistent/drover-test/docker.sock"))).build()) {
            assertThatThrownBy(() -> drover.apply(spec)).isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations())
                    .containsExactly(new Violation("spec.replicas", "must be 0 or more, was -1"),
                            new Violation("spec.extensions.swarm.stopGracePeriodSeconds", "must be 0 or more, was -1")));
        }
    }
}
