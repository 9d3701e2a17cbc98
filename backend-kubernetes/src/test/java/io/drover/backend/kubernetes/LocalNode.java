package io.drover.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The node of the cluster scripts/k8s-up.sh runs on this machine ({@value #NODE}), whose kubelet a
 * test may stop and start again through scripts/k8s/kubelet.sh (as root). On any other cluster
 * (kind, a cloud) the tests that need it are skipped, saying so; with
 * {@code drover.requireEngines=true} they fail when the cluster is this machine's but its kubelet
 * cannot be controlled.
 */
final class LocalNode {
    /** The node's name (scripts/k8s/common.sh, K8S_NODE_NAME). */
    static final String NODE = "drover-node-1";
    private final Path script;

    private LocalNode(Path script) {
        this.script = script;
    }

    /** The local node, or the calling test skipped (failed when engines are required) naming what is missing. */
    static LocalNode require(KubernetesClient client) {
        String missing = "stopping and starting the node's kubelet, which needs the cluster of scripts/k8s-up.sh on this machine"
                + " and root (scripts/k8s/kubelet.sh)";
        boolean ours = client.nodes().withName(NODE).get() != null;
        if (!ours) Assumptions.abort("needs " + missing + ": this cluster has no node " + NODE);
        Path script = find();
        String reason = script == null ? "scripts/k8s/kubelet.sh not found above " + Path.of("").toAbsolutePath() : null;
        if (reason == null) {
            Result status = run(script, "status");
            if (status.code() != 0) reason = "`kubelet.sh status` exited " + status.code() + ": " + status.output().strip();
        }
        if (reason == null) return new LocalNode(script);
        String message = "needs " + missing + ": " + reason;
        if (Boolean.getBoolean("drover.requireEngines")) Assertions.fail(message + " (drover.requireEngines=true)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** Stops the kubelet (its containers keep running); the node turns NotReady some 40 s later. */
    void stopKubelet() {
        check(run(script, "stop"), "stop");
    }

    /** Starts the kubelet again (a no-op when it runs). */
    void startKubelet() {
        check(run(script, "start"), "start");
    }

    private static void check(Result r, String what) {
        if (r.code() != 0) throw new IllegalStateException("scripts/k8s/kubelet.sh " + what + " exited " + r.code() + ": " + r.output());
    }

    private record Result(int code, String output) {}

    private static Result run(Path script, String command) {
        try {
            Process p = new ProcessBuilder(List.of("bash", script.toString(), command)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path s = dir.resolve("scripts/k8s/kubelet.sh");
            if (Files.isRegularFile(s)) return s;
        }
        return null;
    }
}
