package io.drover.backend.swarm.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The multi-node swarm of {@code scripts/swarm-cluster.sh}: a manager and workers, each its own
 * dockerd in its own network namespace, independent of the host's engine. Tests bring it up and
 * down through the script. Without root or Docker the tests are skipped with one clear message,
 * unless {@code drover.requireEngines=true}, in which case they fail.
 */
final class SwarmCluster {
    /** The manager's Engine API socket. */
    static final String MANAGER_HOST = "unix:///var/run/docker-m.sock";
    private static final String HOST_SOCKET = "/var/run/docker.sock";
    private static volatile String skipMessage;
    private final Path script;
    private volatile boolean up;

    private SwarmCluster(Path script) {
        this.script = script;
    }

    /**
     * The cluster script of this checkout, or null after printing why it cannot run here (then the
     * tests skip), or a failed assertion when {@code drover.requireEngines=true}.
     */
    static SwarmCluster requireOrNull() {
        Path script = findScript();
        String reason = null;
        if (script == null) reason = "scripts/swarm-cluster.sh not found above " + Path.of("").toAbsolutePath();
        else if (!"root".equals(System.getProperty("user.name"))) reason = "it must run as root (it starts dockerd in network namespaces)";
        else if (!Files.isExecutable(Path.of("/usr/sbin/dockerd")) && !onPath("dockerd")) reason = "dockerd is not installed";
        else if (!Files.isExecutable(Path.of("/usr/bin/docker")) && !onPath("docker")) reason = "the docker CLI is not installed";
        else if (!Files.exists(Path.of(HOST_SOCKET))) reason = "no host engine at " + HOST_SOCKET + " to copy the test images from";
        if (reason == null) return new SwarmCluster(script);
        skipMessage = "Swarm failure tests need a multi-node swarm in network namespaces, but " + reason
                + "; run scripts/swarm-up.sh as root first";
        if (Boolean.getBoolean("drover.requireEngines")) Assertions.fail(skipMessage + " (drover.requireEngines=true)");
        System.err.println("[drover] " + skipMessage);
        return null;
    }

    /** Skips the calling test when {@link #requireOrNull} found no way to run the cluster. */
    static void skipIfUnavailable() {
        Assumptions.assumeTrue(skipMessage == null, skipMessage);
    }

    /** Brings the manager and {@code workers} workers up (idempotent); tears them down when the JVM exits early. */
    void up(int workers) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (up) run(120, "down");
        }, "swarm-cluster-down"));
        up = true;
        run(300, "up", String.valueOf(workers));
    }

    /** SIGKILLs the engine (dockerd and its containerd) of {@code node}: a worker number or {@code m}. */
    void kill(String node) {
        run(120, "kill", node);
    }

    /** Starts the engine of {@code node} again (idempotent). */
    void start(String node) {
        run(180, "start", node);
    }

    /** Stops every engine and removes what the script made. */
    void down() {
        try {
            run(180, "down");
        } finally {
            up = false;
        }
    }

    /** Runs the script with {@code args} and returns its output; fails with the output when it fails. */
    String run(int timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process went away
                }
            });
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("swarm-cluster.sh " + String.join(" ", args) + " took over " + timeoutSeconds + " s");
            }
            reader.join(5_000);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("swarm-cluster.sh " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + out);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running swarm-cluster.sh", e);
        }
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/swarm-cluster.sh");
            if (Files.isRegularFile(candidate)) return candidate;
        }
        return null;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
