package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lenient mode on Swarm maps what it lacks to its nearest equivalent and records each change. */
class SwarmDowngradeTest {
    private final SwarmBackend backend = new SwarmBackend(SwarmConfig.of("unix:///nonexistent/docker.sock"));

    private ServiceSpec.Builder web() {
        return ServiceSpec.builder("web").image("drover-test/web:1").port(PortSpec.tcp("http", 8080));
    }

    private static Set<Capability> missing(ServiceSpec spec, Set<Capability> available) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        Capability.missing(spec, available).forEach(u -> out.add(u.capability()));
        return out;
    }

    @Test
    void readinessAndLivenessBecomeTheOneHealthCheckWithTheStartupProbesGrace() {
        ServiceSpec spec = web().readiness(Probe.http("/ready", "http").everySeconds(2))
                .liveness(Probe.tcp("http")).startup(Probe.http("/started", "http").everySeconds(5).failingAfter(6)).build();
        List<Downgrade> downgrades = new ArrayList<>();
        ServiceSpec out = backend.downgrade(spec, missing(spec, backend.capabilities()), downgrades);
        assertThat(out.probes().readiness().http().path()).isEqualTo("/ready");
        assertThat(out.probes().readiness().initialDelaySeconds()).isEqualTo(30);
        assertThat(out.probes().liveness()).isNull();
        assertThat(out.probes().startup()).isNull();
        assertThat(downgrades).extracting(Downgrade::capability).contains(Capability.STARTUP_PROBE, Capability.SEPARATE_PROBES);
        assertThat(Capability.missing(out, backend.capabilities())).isEmpty();
    }

    @Test
    void aSecretWantedInTheEnvironmentIsDeliveredAsAFile() {
        ServiceSpec spec = web().secret(SecretRef.envFromEnv("db", "DB_PASSWORD", "HOST_DB")).build();
        List<Downgrade> downgrades = new ArrayList<>();
        ServiceSpec out = backend.downgrade(spec, missing(spec, backend.capabilities()), downgrades);
        assertThat(out.secrets()).singleElement().satisfies(s -> {
            assertThat(s.env()).isNull();
            assertThat(s.path()).isEqualTo("/run/secrets/db");
            assertThat(s.fromEnv()).isEqualTo("HOST_DB");
        });
        assertThat(downgrades).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("spec.secrets[0].env");
            assertThat(d.action()).contains("/run/secrets/db").contains("DB_PASSWORD");
        });
    }

    @Test
    void notAsRootIsMetByANonZeroUser() {
        ServiceSpec spec = web().security(new SecurityPolicy(1000L, null, true, null, null, null)).build();
        List<Downgrade> downgrades = new ArrayList<>();
        ServiceSpec out = backend.downgrade(spec, missing(spec, backend.capabilities()), downgrades);
        assertThat(out.security().runAsNonRoot()).isNull();
        assertThat(out.security().runAsUser()).isEqualTo(1000L);
        assertThat(downgrades).singleElement().satisfies(d -> assertThat(d.action()).contains("met by runAsUser 1000"));
    }
}
