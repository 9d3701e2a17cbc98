package io.drover.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.error.InvalidSpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SpecIORoundTripTest {
    static String resource(String name) throws IOException {
        try (var in = Objects.requireNonNull(SpecIORoundTripTest.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theArchitectureExampleReadsAndWritesBackEqual() throws IOException {
        ServiceSpec spec = SpecIO.read(resource("/specs/full.yaml"));
        assertThat(SpecValidator.validate(spec)).isEmpty();
        assertThat(spec.name()).isEqualTo("nginx-demo");
        assertThat(spec.resources().limits().cpu().toMilli()).isEqualTo(500);
        assertThat(spec.resources().requests().memory().toUnits()).isEqualTo(256L << 20);
        assertThat(spec.probes().readiness().periodSeconds()).isEqualTo(5);
        assertThat(spec.extensions().swarm().endpointMode()).isEqualTo(SwarmExtension.EndpointMode.DNSRR);
        String yaml = SpecIO.toYaml(spec);
        assertThat(SpecIO.read(yaml)).isEqualTo(spec);
        assertThat(SpecIO.read(SpecIO.toJson(spec))).isEqualTo(spec);
    }

    @Test
    void unknownFieldsAreRejectedWithASuggestion() {
        String yaml = "apiVersion: drover.io/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  image: nginx\n  replcas: 3\n  ports: [{name: http, containerPort: 80, protcol: tcp}]\n";
        assertThatThrownBy(() -> SpecIO.read(yaml)).isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).violations()).extracting(Violation::toString).containsExactly(
                        "spec.replcas: unknown field (did you mean 'replicas'?)",
                        "spec.ports[0].protcol: unknown field (did you mean 'protocol'?)"));
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertThatThrownBy(() -> SpecIO.read("apiVersion: drover.io/v1\nkind: [Service\n"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("line 2, column 15");
    }
}
