package io.drover.backend.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import io.drover.api.DroverModule;
import io.drover.spi.BackendProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** NOMAD_* environment variables, the typed builder, the Guice module and the ServiceLoader provider. */
class NomadConfigTest {
    @Test
    void theEnvironmentVariablesOfNomadsCliConfigureTheBackend() {
        NomadConfig c = NomadConfig.fromEnvironment(Map.of("NOMAD_ADDR", "https://nomad.example:4646", "NOMAD_TOKEN", "secret-token",
                "NOMAD_NAMESPACE", "shop", "NOMAD_REGION", "eu", "NOMAD_CACERT", "/etc/nomad/ca.pem",
                "NOMAD_CLIENT_CERT", "/etc/nomad/cli.pem", "NOMAD_CLIENT_KEY", "/etc/nomad/cli-key.pem", "NOMAD_SKIP_VERIFY", "true"));
        assertThat(c.baseUrl()).isEqualTo("https://nomad.example:4646");
        assertThat(c.tls()).isTrue();
        assertThat(c.token()).isEqualTo("secret-token");
        assertThat(c.namespace()).isEqualTo("shop");
        assertThat(c.region()).isEqualTo("eu");
        assertThat(c.caCert()).isEqualTo("/etc/nomad/ca.pem");
        assertThat(c.clientCert()).isEqualTo("/etc/nomad/cli.pem");
        assertThat(c.clientKey()).isEqualTo("/etc/nomad/cli-key.pem");
        assertThat(c.skipVerify()).isTrue();
        assertThat(c.toString()).doesNotContain("secret-token");
    }

    @Test
    void withoutVariablesItIsTheCliDefault() {
        NomadConfig c = NomadConfig.fromEnvironment(Map.of());
        assertThat(c.baseUrl()).isEqualTo(NomadConfig.DEFAULT_ADDRESS);
        assertThat(c.namespace()).isEqualTo("default");
        assertThat(c.token()).isNull();
    }

    @Test
    void badSettingsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> NomadConfig.builder("ftp://x").build()).hasMessageContaining("NOMAD_ADDR");
        assertThatThrownBy(() -> NomadConfig.fromEnvironment(Map.of("NOMAD_CLIENT_CERT", "/a.pem")))
                .hasMessageContaining("NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY");
        assertThatThrownBy(() -> new NomadBackend(NomadConfig.builder("https://x:4646").caCert("/nonexistent/ca.pem").build()))
                .hasMessageContaining("NOMAD_CACERT");
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndTheModuleBindsTheBackend() {
        assertThat(ServiceLoader.load(BackendProvider.class).stream().map(p -> p.get().name())).contains("nomad");
        BackendProvider p = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("nomad")).findFirst().orElseThrow();
        assertThat(p.isApplicable()).isEqualTo(System.getenv("NOMAD_ADDR") != null && !System.getenv("NOMAD_ADDR").isBlank());
        var injector = Guice.createInjector(new DroverModule("nomad"),
                new NomadModule(NomadConfig.builder("http://127.0.0.1:4646").build()));
        NomadBackend backend = injector.getInstance(NomadBackend.class);
        assertThat(backend.name()).isEqualTo("nomad");
        assertThat(backend.unwrap(NomadConfig.class).baseUrl()).isEqualTo("http://127.0.0.1:4646");
        backend.close();
    }
}
