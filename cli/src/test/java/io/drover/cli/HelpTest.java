package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every verb and sub-verb answers {@code --help}, found from the command tree so that a new verb is covered too. */
class HelpTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = DroverCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("DROVER_HOME", dir.resolve("home").toString()));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The path of every command below the root, e.g. [get], [rollout], [rollout, undo]. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(DroverCli.commandLine(new DroverCli(Map.of()), new String[0]), List.of(), paths);
        return paths;
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> paths) {
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().name().equals(name)) return; // an alias
            List<String> p = new ArrayList<>(path);
            p.add(name);
            paths.add(p);
            collect(sub, p, paths);
        });
    }

    @Test
    void theTreeHasTheVerbsAndSubVerbs() {
        assertThat(commandPaths()).contains(List.of("apply"), List.of("get"), List.of("expose"), List.of("rollout", "undo"),
                List.of("rollout", "status"), List.of("local", "stop"), List.of("local", "status")).hasSizeGreaterThan(15);
    }

    @TestFactory
    Stream<DynamicTest> everyVerbAnswersHelpWithItsUsage() {
        return commandPaths().stream().map(path -> DynamicTest.dynamicTest(String.join(" ", path) + " --help", () -> {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Result r = run(args);
            assertThat(r.err()).as("stderr").isEmpty();
            assertThat(r.code()).as("exit code").isZero();
            assertThat(r.out()).containsPattern("(?m)^Usage: drover " + String.join(" ", path) + " ").contains("-h, --help");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyVerbAnswersTheShortHelpOptionBeforeCheckingItsRequiredArguments() {
        return commandPaths().stream().map(path -> DynamicTest.dynamicTest(String.join(" ", path) + " -h", () -> {
            List<String> args = new ArrayList<>(path);
            args.add("-h");
            Result r = run(args);
            assertThat(r.err()).as("stderr").isEmpty();
            assertThat(r.code()).as("exit code").isZero();
            assertThat(r.out()).containsPattern("(?m)^Usage: drover " + String.join(" ", path) + " ");
        }));
    }

    @Test
    void exposeWithANameAndHelpPrintsHelpNotAMissingOption() {
        Result r = run(List.of("expose", "web", "--help"));
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage: drover expose").contains("--port=P").doesNotContain("Missing required option");
    }
}
