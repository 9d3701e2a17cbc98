package io.drover.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.spec.ServiceSpec;
import io.drover.spi.BackendProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WiringTest {

    /** What a backend module does: add itself to the map binder. */
    static final class FakeModule extends AbstractModule {
        private final String name;
        private final FakeBackend backend;

        FakeModule(String name, FakeBackend backend) {
            this.name = name;
            this.backend = backend;
        }

        @Override
        protected void configure() {
            DroverModule.backends(binder()).addBinding(name).toInstance(backend);
        }
    }

    @Nested
    class Guice {
        @Test
        void aBoundBackendGivesAWorkingDrover() {
            FakeBackend backend = new FakeBackend();
            Injector injector = com.google.inject.Guice.createInjector(new DroverModule("fake"), new FakeModule("fake", backend),
                    new FakeModule("other", new FakeBackend("other", java.util.EnumSet.allOf(Capability.class))));
            Drover drover = injector.getInstance(Drover.class);
            assertThat(drover.backendName()).isEqualTo("fake");
            assertThat(drover.isLenient()).isFalse();
            drover.apply(ServiceSpec.builder("web").image("nginx").build());
            assertThat(backend.callsOf("apply")).containsExactly("apply web");
            assertThat(injector.getInstance(Drover.class)).isSameAs(drover);
        }

        @Test
        void lenientModeIsPassedThrough() {
            Injector injector = com.google.inject.Guice.createInjector(new DroverModule("fake", true), new FakeModule("fake", new FakeBackend()));
            assertThat(injector.getInstance(Drover.class).isLenient()).isTrue();
        }

        @Test
        void anUnboundNameNamesTheBoundOnes() {
            Injector injector = com.google.inject.Guice.createInjector(new DroverModule("swarm"), new FakeModule("fake", new FakeBackend()),
                    new FakeModule("local", new FakeBackend()));
            assertThatThrownBy(() -> injector.getInstance(Drover.class)).isInstanceOf(ProvisionException.class)
                    .cause().isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("no backend module bound for 'swarm'")
                    .hasMessageContaining("fake").hasMessageContaining("local");
        }
    }

    @Nested
    class ServiceLoading {
        @Test
        void providersAreFoundOnTheClasspath() {
            assertThat(Drover.providers()).extracting(BackendProvider::name).containsExactlyInAnyOrder("fake", "fake-low", "fake-absent");
        }

        @Test
        void connectByNameUsesThatProvider() {
            try (Drover drover = Drover.connect("fake-low")) {
                assertThat(drover.backendName()).isEqualTo("fake-low");
                assertThat(drover.unwrap(FakeBackend.class).name()).isEqualTo("fake-low");
            }
        }

        @Test
        void connectPicksTheApplicableProviderOfHighestPriority() {
            try (Drover drover = Drover.connect()) {
                assertThat(drover.backendName()).isEqualTo("fake");
                drover.apply(ServiceSpec.builder("web").image("nginx").build());
                assertThat(drover.status("web")).isPresent();
            }
        }

        @Test
        void anUnknownNameListsWhatWasFound() {
            assertThatThrownBy(() -> Drover.connect("nomad")).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("no backend named 'nomad' on the classpath")
                    .hasMessageContaining("fake").hasMessageContaining("fake-low").hasMessageContaining("fake-absent")
                    .hasMessageContaining("drover-backend-nomad");
        }
    }
}
