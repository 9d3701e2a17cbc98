package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code golden/<case>.swarm.json} (Engine API service spec JSON), and importing that JSON gives the
 * spec back, field for field. Set {@code -Ddrover.writeGolden=true} to rewrite the JSON files after
 * an intended change (then review the diff).
 */
class SwarmTranslatorGoldenTest {
    private final SwarmTranslator translator = new SwarmTranslator();

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "full", "ingress", "exec-probe", "pinned", "expansion"})
    void specRendersToTheGoldenJsonAndImportsBack(String name) throws IOException {
        ServiceSpec spec = SpecIO.read(resource(name + ".spec.yaml"));
        assertThat(SpecValidator.validate(spec)).as("the golden spec is valid").isEmpty();
        assertThat(SwarmSpecRules.validate(spec)).as("Swarm has no objection").isEmpty();
        String rendered = translator.render(spec, RenderFormat.JSON);
        if (Boolean.getBoolean("drover.writeGolden")) {
            Files.writeString(Path.of("src/test/resources/golden", name + ".swarm.json"), rendered);
        }
        String golden = resource(name + ".swarm.json");
        JsonNode expected = SwarmJson.NATIVE.readTree(golden);
        assertThat(SwarmJson.NATIVE.readTree(rendered)).isEqualTo(expected);

        ServiceSpec imported = translator.importNative(golden);
        // record equality: quantities compare by amount (1.5 and 1500m are the same CPU)
        // a native object always has a definite exposure: an unset one imports as none
        assertThat(imported).isEqualTo(io.drover.spi.support.ExposureRule.concrete(spec));
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = SwarmTranslatorGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) throw new IOException("missing golden file " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
