package io.drover.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real, packaged CLI ({@code java -jar drover-cli.jar}, or the {@code drover} launcher) as a
 * separate process with its own {@code DROVER_HOME}, so tests never touch the user's daemon.
 */
final class CliProcess {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final Path workDir;

    CliProcess(Path home, Path workDir) {
        this.home = home;
        this.workDir = workDir;
    }

    /** What one invocation did. */
    record Result(int code, String out, String err) {
        /** Both streams, for messages. */
        String all() { return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    /** The packaged jar under test. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("drover.cli.jar", "target/drover-cli.jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no CLI jar at " + jar.toAbsolutePath() + ": run mvn package first");
        return jar.toAbsolutePath();
    }

    /** The repository's {@code drover} launcher script. */
    static Path launcher() {
        return Path.of(System.getProperty("drover.launcher", "../drover")).toAbsolutePath().normalize();
    }

    /** The java binary running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -jar drover-cli.jar args}. */
    Result drover(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** {@code ./drover args} through the launcher script. */
    Result launcher(String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher().toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private Result run(List<String> cmd) {
        try {
            Path out = Files.createTempFile("drover-it-out", ".txt"), err = Files.createTempFile("drover-it-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
            pb.environment().put("DROVER_HOME", home.toString());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("drover " + cmd + " did not finish within " + TIMEOUT);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A spec file for {@code name}: the examples' HelloService as host processes, with a readiness probe. */
    Path helloSpec(String name, int replicas, String extra) throws IOException {
        String text = """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: %s }
                spec:
                  command: [ "%s", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-cp", "%s", "io.drover.examples.demo.HelloService" ]
                  replicas: %d
                  ports: [ { name: http, containerPort: 8080 } ]
                  probes:
                    readiness: { http: { path: /healthz, port: http }, periodSeconds: 1 }
                  update: { parallelism: 2, monitorSeconds: 1 }
                %s""".formatted(name, java(), jar(), replicas, extra);
        return Files.writeString(workDir.resolve(name + "-" + replicas + ".yaml"), text);
    }
}
