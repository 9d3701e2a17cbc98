package io.drover.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.RenderFormat;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.SpecValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden translations: each {@code golden/<case>.spec.yaml} renders to exactly
 * {@code golden/<case>.k8s.yaml} (the Deployment and Service kubectl would apply), and importing
 * that YAML gives the spec back, field for field. Together the cases cover every neutral field and
 * the kubernetes extension. Set {@code -Ddrover.writeGolden=true} to rewrite the YAML files after an
 * intended change (then review the diff).
 */
class KubernetesTranslatorGoldenTest {
    private final KubernetesTranslator translator = new KubernetesTranslator();

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "full", "exec-probe", "nodeport", "internal"})
    void specRendersToTheGoldenManifestsAndImportsBack(String name) throws IOException {
        ServiceSpec spec = SpecIO.read(resource(name + ".spec.yaml"));
        assertThat(SpecValidator.validate(spec)).as("the golden spec is valid").isEmpty();
        assertThat(KubernetesSpecRules.validate(spec)).as("the golden spec is valid on Kubernetes").isEmpty();
        String rendered = translator.render(spec, RenderFormat.YAML);
        if (Boolean.getBoolean("drover.writeGolden")) {
            Files.writeString(Path.of("src/test/resources/golden", name + ".k8s.yaml"), rendered);
        }
        assertThat(rendered).isEqualTo(resource(name + ".k8s.yaml"));
        // record equality: quantities compare by amount
        assertThat(translator.importNative(rendered)).isEqualTo(spec);
        assertThat(translator.importNative(translator.render(spec, RenderFormat.JSON))).as("from the JSON List").isEqualTo(spec);
    }

    static String resource(String file) throws IOException {
        try (InputStream in = KubernetesTranslatorGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) throw new IOException("missing golden file " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
