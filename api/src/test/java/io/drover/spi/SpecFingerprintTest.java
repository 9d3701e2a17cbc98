package io.drover.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.SecretValue;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecFingerprintTest {
    static ServiceSpec.Builder web() {
        return ServiceSpec.builder("web").image("nginx:1.27").port("http", 80).env("A", "1").env("B", "2");
    }

    @Test
    void scalingKeepsTheFingerprint() {
        assertThat(SpecFingerprint.of(web().replicas(5).build())).isEqualTo(SpecFingerprint.of(web().replicas(1).build())).hasSize(32);
    }

    @Test
    void anyTemplateChangeMakesANewFingerprint() {
        String base = SpecFingerprint.of(web().build());
        assertThat(SpecFingerprint.of(web().image("nginx:1.28").build())).isNotEqualTo(base);
        assertThat(SpecFingerprint.of(web().env("A", "3").build())).isNotEqualTo(base);
        assertThat(SpecFingerprint.of(web().port("admin", 9000).build())).isNotEqualTo(base);
    }

    @Test
    void mapOrderAndRoundTripsDoNotMatter() {
        ServiceSpec reordered = ServiceSpec.builder("web").image("nginx:1.27").port("http", 80).env("B", "2").env("A", "1").build();
        assertThat(SpecFingerprint.of(reordered)).isEqualTo(SpecFingerprint.of(web().build()));
        assertThat(SpecFingerprint.of(SpecIO.read(SpecIO.toYaml(web().build())))).isEqualTo(SpecFingerprint.of(web().build()));
    }

    @Test
    void equalQuantitiesGiveEqualFingerprints() {
        assertThat(SpecFingerprint.of(web().requests("0.5", "1Gi").build())).isEqualTo(SpecFingerprint.of(web().requests("500m", "1024Mi").build()))
                .isNotEqualTo(SpecFingerprint.of(web().requests("0.5", "1G").build()));
        assertThat(SpecIO.toCanonicalJson(web().limits("1000m", null).build())).isEqualTo(SpecIO.toCanonicalJson(web().limits("1", null).build()));
    }

    @Test
    void rotatedSecretsMakeANewFingerprintWithoutShowingTheValue() {
        ServiceSpec spec = web().build();
        String one = SpecFingerprint.of(spec, Map.of("db", SecretValue.of("first-password")));
        String two = SpecFingerprint.of(spec, Map.of("db", SecretValue.of("second-password")));
        assertThat(one).isNotEqualTo(two).isEqualTo(SpecFingerprint.of(spec, Map.of("db", SecretValue.of("first-password"))));
        assertThat(one).doesNotContain("first-password");
    }

    @Test
    void labelsShareTheReservedPrefix() {
        assertThat(java.util.List.of(Labels.MANAGED_BY, Labels.SERVICE, Labels.REVISION, Labels.SPEC_HASH)).allSatisfy(l -> assertThat(l).startsWith(Labels.PREFIX));
    }
}
