package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.drover.api.Capability;
import io.drover.api.Drover;
import io.drover.api.DroverModule;
import io.drover.api.error.BackendUnavailableException;
import io.drover.spi.Backend;
import io.drover.spi.BackendProvider;
import java.util.EnumSet;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Guice and ServiceLoader wiring, and what the backend declares; no engine needed. */
class SwarmWiringTest {
    /** An address where no engine listens (nothing is sent until an operation runs). */
    private static final SwarmConfig NOWHERE = SwarmConfig.of("unix:///nonexistent/drover-test/docker.sock");

    @Test
    void guiceModuleBindsTheBackendUnderItsName() {
        Injector injector = Guice.createInjector(new DroverModule("swarm"), new SwarmModule(NOWHERE));
        try (Drover drover = injector.getInstance(Drover.class)) {
            assertThat(drover.backendName()).isEqualTo("swarm");
            assertThat(drover.unwrap(SwarmConfig.class)).isEqualTo(NOWHERE);
            assertThat(drover.unwrap(DockerClient.class)).isNotNull();
        }
    }

    @Test
    void providerIsFoundAndRanksAboveTheLocalBackend() {
        BackendProvider swarm = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("swarm")).findFirst().orElseThrow();
        assertThat(swarm.priority()).isGreaterThan(0);
        assertThat(swarm.isApplicable()).isEqualTo(SwarmConfig.probablyAvailable());
    }

    @Test
    void capabilitiesAreDeclaredHonestly() {
        try (Backend backend = new SwarmBackend(NOWHERE)) {
            assertThat(backend.capabilities())
                    .contains(Capability.READINESS_PROBE, Capability.LIVENESS_PROBE, Capability.PROBE_HTTP, Capability.PROBE_TCP,
                            Capability.PROBE_EXEC, Capability.SECRETS_FILE, Capability.SECRET_STORE, Capability.MANUAL_ROLLBACK,
                            Capability.AUTO_ROLLBACK, Capability.WATCH, Capability.LOGS, Capability.HOST_PORT)
                    .doesNotContain(Capability.SEPARATE_PROBES, Capability.STARTUP_PROBE, Capability.SECRETS_ENV,
                            Capability.RUN_AS_NON_ROOT, Capability.EXPOSE_LOAD_BALANCER);
        }
    }

    @Test
    void capabilitiesAreExactlyTheListedOnesAndEveryOtherIsAKnownGap() {
        try (Backend backend = new SwarmBackend(NOWHERE)) {
            assertThat(backend.capabilities()).containsExactlyInAnyOrder(Capability.IMAGE_ENTRYPOINT,
                    Capability.PROBE_HTTP, Capability.PROBE_TCP, Capability.PROBE_EXEC, Capability.READINESS_PROBE, Capability.LIVENESS_PROBE,
                    Capability.EXPOSE_INTERNAL, Capability.EXPOSE_NODE_PORT, Capability.HOST_PORT, Capability.UDP,
                    Capability.RESOURCE_REQUESTS, Capability.RESOURCE_LIMITS,
                    Capability.UPDATE_START_FIRST, Capability.UPDATE_STOP_FIRST, Capability.AUTO_ROLLBACK, Capability.MANUAL_ROLLBACK,
                    Capability.PLACEMENT_CONSTRAINTS, Capability.PLACEMENT_SPREAD, Capability.MAX_PER_NODE,
                    Capability.SECRETS_FILE, Capability.SECRET_STORE,
                    Capability.RUN_AS_USER, Capability.READ_ONLY_ROOT_FS, Capability.LINUX_CAPABILITIES,
                    Capability.RESTART_ON_FAILURE, Capability.RESTART_NEVER, Capability.RESTART_MAX_ATTEMPTS,
                    Capability.LOGS, Capability.WATCH);
            // a capability added to Drover fails here until someone decides whether Swarm has it
            assertThat(EnumSet.complementOf(EnumSet.copyOf(backend.capabilities()))).containsExactlyInAnyOrder(
                    Capability.SEPARATE_PROBES, Capability.STARTUP_PROBE, Capability.SECRETS_ENV, Capability.RUN_AS_NON_ROOT,
                    Capability.EXPOSE_LOAD_BALANCER);
            assertThat(backend.capabilities()).isUnmodifiable();
        }
    }

    @Test
    void anUnreachableEngineIsARetryableUnavailableBackend() {
        try (Backend backend = new SwarmBackend(NOWHERE)) {
            assertThatThrownBy(() -> backend.status(io.drover.api.ServiceRef.of("web"))).isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).contains("nonexistent/drover-test/docker.sock");
            });
        }
    }

    @Test
    void unwrappingAnUnknownTypeNamesWhatThereIs() {
        try (Backend backend = new SwarmBackend(NOWHERE)) {
            assertThatThrownBy(() -> backend.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DockerClient");
        }
    }
}
