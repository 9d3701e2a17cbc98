package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command tree holds only the invoked verb, found past the root's options, and every verb otherwise. */
class CommandTreeTest {
    @TempDir
    Path dir;

    private static CommandLine tree(String... args) {
        return DroverCli.commandLine(new DroverCli(Map.of()), args);
    }

    @Test
    void everyVerbIsListedUnderItsOwnCommandName() {
        DroverCli.VERBS.forEach((name, type) -> assertThat(type.getAnnotation(Command.class).name()).as(type.getName()).isEqualTo(name));
    }

    @Test
    void aVerbGetsATreeWithOnlyThatVerbAndItsSubVerbs() {
        assertThat(tree("validate", "-f", "x.yaml").getSubcommands()).containsOnlyKeys("validate");
        assertThat(tree("rollout", "undo", "web").getSubcommands()).containsOnlyKeys("rollout");
        assertThat(tree("rollout", "undo", "web").getSubcommands().get("rollout").getSubcommands()).containsOnlyKeys("undo", "status");
    }

    @Test
    void theValueOfARootOptionIsNotTakenForTheVerb() {
        assertThat(tree("--backend", "local", "get").getSubcommands()).containsOnlyKeys("get");
        assertThat(tree("--debug", "--backend=swarm", "--timeout", "5m", "render", "-f", "x").getSubcommands()).containsOnlyKeys("render");
    }

    @Test
    void noVerbHelpOrAnUnknownWordGetsEveryVerb() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "get"}, {"valiate", "-f", "x"}, {"--backend"}}) {
            assertThat(tree(args).getSubcommands()).as(String.join(" ", args)).containsKeys(DroverCli.VERBS.keySet().toArray(String[]::new));
        }
    }

    @Test
    void aVerbAfterARootOptionWhoseValueIsAVerbNameRuns() throws Exception {
        Path spec = Files.writeString(dir.resolve("ok.yaml"), """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec: { image: example/web:1 }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = DroverCli.run(new String[] {"--backend", "local", "validate", "-f", spec.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("DROVER_HOME", dir.resolve("home").toString()));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("valid\n");
    }
}
