package io.drover.backend.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.Violation;
import org.junit.jupiter.api.Test;

/** What only Nomad objects to, reported as JSON paths before anything is registered. */
class NomadTranslatorValidateTest {
    private final NomadTranslator translator = new NomadTranslator();

    @Test
    void fieldsNomadCannotExpressAreReportedByPath() {
        ServiceSpec spec = SpecIO.read("""
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  image: drover-test/web:1
                  ports: [ { name: http, containerPort: 8080 } ]
                  resources: { requests: { cpu: 250m }, limits: { cpu: "1" } }
                  probes: { readiness: { http: { path: /, port: "9999" } } }
                  update: { order: stopFirst }
                  placement: { constraints: [ "node.role == manager" ] }
                  security: { runAsGroup: 10 }
                  extensions: { nomad: { canary: 1 } }
                """);
        assertThat(translator.validate(spec)).extracting(Violation::path).containsExactlyInAnyOrder(
                "spec.placement.constraints[0]", "spec.resources.limits.cpu", "spec.security.runAsGroup",
                "spec.extensions.nomad.canary", "spec.probes.readiness.http.port");
    }

    @Test
    void aNeutralSpecWithinNomadsMeansHasNoViolation() {
        ServiceSpec spec = ServiceSpec.builder("web").image("drover-test/web:1").port("http", 8080).build();
        assertThat(translator.validate(spec)).isEmpty();
    }
}
