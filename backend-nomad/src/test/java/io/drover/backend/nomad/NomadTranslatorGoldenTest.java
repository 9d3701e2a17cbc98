package io.drover.backend.nomad;

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
 * {@code golden/<case>.nomad.json} (the {@code /v1/jobs} register payload), which the job
 * specification schema test checks against Nomad's documented field names and types, and importing
 * that JSON gives the spec back, field for field. Set {@code -Ddrover.writeGolden=true} to rewrite
 * the JSON files after an intended change (then review the diff).
 */
class NomadTranslatorGoldenTest {
    static final String[] CASES = {"minimal", "full", "exec-probe", "nodeport"};
    private final NomadTranslator translator = new NomadTranslator();

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "full", "exec-probe", "nodeport"})
    void specRendersToTheGoldenJobAndImportsBack(String name) throws IOException {
        ServiceSpec spec = SpecIO.read(resource(name + ".spec.yaml"));
        assertThat(SpecValidator.validate(spec)).as("the golden spec is valid").isEmpty();
        assertThat(NomadSpecRules.validate(spec)).as("Nomad has no objection").isEmpty();
        String rendered = translator.render(spec, RenderFormat.JSON);
        if (Boolean.getBoolean("drover.writeGolden")) {
            Files.writeString(Path.of("src/test/resources/golden", name + ".nomad.json"), rendered);
        }
        String golden = resource(name + ".nomad.json");
        JsonNode expected = NomadJson.parse(golden);
        assertThat(NomadJson.parse(rendered)).isEqualTo(expected);

        ServiceSpec imported = translator.importNative(golden);
        // a native object always has a definite exposure: an unset one imports as none
        assertThat(imported).isEqualTo(io.drover.spi.support.ExposureRule.concrete(spec));
    }

    static String resource(String file) throws IOException {
        try (InputStream in = NomadTranslatorGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) throw new IOException("missing golden file " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
