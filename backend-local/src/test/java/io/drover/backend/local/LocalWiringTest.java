package io.drover.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.drover.api.Capability;
import io.drover.api.Drover;
import io.drover.api.DroverModule;
import io.drover.spi.BackendProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend is found by ServiceLoader and Guice, and declares its capabilities honestly. */
class LocalWiringTest {
    @TempDir
    Path state;

    @Test
    void theProviderIsFoundAlwaysApplicableAndLowestPriority() {
        BackendProvider p = Drover.providers().stream().filter(x -> x.name().equals("local")).findFirst().orElseThrow();
        assertThat(p).isInstanceOf(LocalBackendProvider.class);
        assertThat(p.isApplicable()).isTrue();
        assertThat(p.priority()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void theGuiceModuleBindsTheBackendUnderLocal() {
        Injector injector = Guice.createInjector(new DroverModule("local"), new LocalModule(TestSupport.config(state)));
        try (Drover drover = injector.getInstance(Drover.class)) {
            assertThat(drover.backendName()).isEqualTo("local");
            assertThat(drover.info().details()).containsEntry("stateDirectory", state.toString());
            assertThat(injector.getInstance(LocalConfig.class).stateDirectory()).isEqualTo(state);
        }
    }

    @Test
    void capabilitiesAreExactlyTheListedOnesAndEveryOtherIsAKnownGap() {
        try (LocalBackend backend = new LocalBackend(TestSupport.config(state))) {
            assertThat(backend.capabilities()).containsExactlyInAnyOrder(
                    Capability.PROBE_HTTP, Capability.PROBE_TCP, Capability.PROBE_EXEC,
                    Capability.READINESS_PROBE, Capability.LIVENESS_PROBE, Capability.STARTUP_PROBE, Capability.SEPARATE_PROBES,
                    Capability.EXPOSE_INTERNAL, Capability.EXPOSE_NODE_PORT, Capability.EXPOSE_LOAD_BALANCER, Capability.HOST_PORT,
                    Capability.UPDATE_START_FIRST, Capability.UPDATE_STOP_FIRST, Capability.AUTO_ROLLBACK, Capability.MANUAL_ROLLBACK,
                    Capability.SECRETS_ENV, Capability.RESTART_ON_FAILURE, Capability.RESTART_NEVER, Capability.RESTART_MAX_ATTEMPTS,
                    Capability.LOGS, Capability.WATCH);
            // a capability added to Drover fails here until someone decides whether host processes have it
            assertThat(EnumSet.complementOf(EnumSet.copyOf(backend.capabilities()))).containsExactlyInAnyOrder(
                    Capability.IMAGE_ENTRYPOINT, Capability.UDP, Capability.RESOURCE_REQUESTS, Capability.RESOURCE_LIMITS,
                    Capability.PLACEMENT_CONSTRAINTS, Capability.PLACEMENT_SPREAD, Capability.MAX_PER_NODE,
                    Capability.SECRETS_FILE, Capability.SECRET_STORE,
                    Capability.RUN_AS_USER, Capability.RUN_AS_NON_ROOT, Capability.READ_ONLY_ROOT_FS, Capability.LINUX_CAPABILITIES);
        }
    }

    @Test
    void capabilitiesLeaveOutWhatHostProcessesCannotDo() {
        try (LocalBackend backend = new LocalBackend(TestSupport.config(state))) {
            assertThat(backend.capabilities()).doesNotContain(Capability.IMAGE_ENTRYPOINT, Capability.UDP, Capability.RESOURCE_LIMITS,
                    Capability.RESOURCE_REQUESTS, Capability.PLACEMENT_CONSTRAINTS, Capability.SECRETS_FILE, Capability.SECRET_STORE,
                    Capability.RUN_AS_USER, Capability.READ_ONLY_ROOT_FS, Capability.LINUX_CAPABILITIES)
                    .contains(Capability.PROBE_HTTP, Capability.AUTO_ROLLBACK, Capability.LOGS, Capability.WATCH, Capability.SECRETS_ENV);
            assertThat(backend.info().capabilities()).isEqualTo(backend.capabilities());
            assertThat(backend.unwrap(LocalConfig.class)).isEqualTo(backend.config());
            assertThatThrownBy(() -> backend.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theDefaultStateDirectoryIsPerUserUnderTmp() {
        assertThat(LocalConfig.defaults().stateDirectory())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "drover-local-" + System.getProperty("user.name")));
    }

    @Test
    void environmentVariablesOverrideTheDefaults() {
        LocalConfig c = LocalConfig.fromEnvironment(java.util.Map.of(LocalConfig.ENV_STATE_DIR, state.toString(),
                LocalConfig.ENV_STOP_TIMEOUT, "3"));
        assertThat(c.stateDirectory()).isEqualTo(state);
        assertThat(c.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.bindHost()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(java.util.Map.of(LocalConfig.ENV_STOP_TIMEOUT, "soon")))
                .hasMessageContaining(LocalConfig.ENV_STOP_TIMEOUT);
    }

    @Test
    void badConfigurationNamesTheField() {
        assertThatThrownBy(() -> LocalConfig.builder().restartBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restartBackoffCap");
        assertThatThrownBy(() -> LocalConfig.builder().logRingSize(0).build()).hasMessageContaining("logRingSize");
    }
}
