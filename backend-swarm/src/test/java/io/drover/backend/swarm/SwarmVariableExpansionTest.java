package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.RenderFormat;
import io.drover.api.spec.ServiceSpec;
import org.junit.jupiter.api.Test;

/** Swarm does not expand $(VAR): the translator does, from the spec's env and the fixed container ports. */
class SwarmVariableExpansionTest {
    private final SwarmTranslator translator = new SwarmTranslator();
    private final ServiceSpec spec = ServiceSpec.builder("web").image("drover-test/web:1")
            .command("python3", "-m", "http.server", "$(PORT)").args("--name=$(NAME)", "$$(PORT)", "$(DROVER_PORT_HTTP)")
            .env("NAME", "web-1").env("PORT", "1234").port("http", 8000).build();

    @Test
    void commandAndArgsAreExpandedWithTheContainerPortOverTheSpecsEnv() throws Exception {
        JsonNode container = SwarmJson.NATIVE.readTree(translator.render(spec, RenderFormat.JSON)).path("TaskTemplate").path("ContainerSpec");
        assertThat(SwarmJson.strings(container.path("Command"))).containsExactly("python3", "-m", "http.server", "8000");
        assertThat(SwarmJson.strings(container.path("Args"))).containsExactly("--name=web-1", "$(PORT)", "8000");
    }

    @Test
    void importGivesTheReferencesBackUnlessTheCommandWasChangedOutsideDrover() throws Exception {
        ObjectNode nativeSpec = (ObjectNode) SwarmJson.NATIVE.readTree(translator.render(spec, RenderFormat.JSON));
        assertThat(translator.fromNative(nativeSpec).command()).containsExactly("python3", "-m", "http.server", "$(PORT)");
        assertThat(translator.fromNative(nativeSpec).args()).containsExactly("--name=$(NAME)", "$$(PORT)", "$(DROVER_PORT_HTTP)");

        ArrayNode edited = ((ObjectNode) nativeSpec.path("TaskTemplate").path("ContainerSpec")).putArray("Command");
        edited.add("python3").add("-m").add("http.server").add("9999");
        ServiceSpec imported = translator.fromNative(nativeSpec);
        assertThat(imported.command()).containsExactly("python3", "-m", "http.server", "9999");
        assertThat(imported.args()).containsExactly("--name=web-1", "$(PORT)", "8000");
    }
}
