package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.backend.kubernetes.KubernetesBackend;
import io.drover.backend.kubernetes.KubernetesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI with {@code --backend kubernetes} walks the seed's tutorial on the cluster the
 * kubeconfig names (scripts/k8s-up.sh), one process per command, in the namespace
 * {@value #NAMESPACE}. Without a reachable API server it is skipped with one message, unless
 * {@code drover.requireEngines=true}, in which case it fails.
 */
class KubernetesCliIT {
    private static final String NAMESPACE = "drover-cli-it";
    private static final String SPEC = """
            apiVersion: drover.io/v1
            kind: Service
            metadata: { name: tutorial }
            spec:
              image: drover-test/web:%d
              replicas: 2
              ports: [ { name: http, containerPort: 8080 } ]
              probes:
                readiness: { http: { path: /cgi-bin/health, port: http }, periodSeconds: 1 }
            """;

    @TempDir
    Path dir;

    private CliProcess cli;

    @BeforeAll
    static void needsACluster() {
        String reason = null;
        if (!KubernetesConfig.probablyAvailable()) {
            reason = "no kubeconfig (KUBECONFIG or ~/.kube/config) and no in-cluster service account";
        } else try (KubernetesBackend backend = new KubernetesBackend(KubernetesConfig.fromEnvironment().withRequestTimeout(Duration.ofSeconds(5)))) {
            backend.info();
        } catch (RuntimeException e) {
            reason = "no Kubernetes API server answers (" + e.getMessage() + ")";
        }
        if (reason == null) return;
        String message = "the CLI on Kubernetes needs a real cluster: " + reason + "; run scripts/k8s-up.sh as root and export KUBECONFIG";
        if (Boolean.getBoolean("drover.requireEngines")) Assertions.fail(message + " (drover.requireEngines=true)");
        Assumptions.abort(message);
    }

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliProcess(dir.resolve("home"), Files.createDirectories(dir.resolve("work")));
        kubectl("delete", "tutorial", "--ignore-not-found");
    }

    @AfterEach
    void deleteTheService() {
        kubectl("delete", "tutorial", "--ignore-not-found");
    }

    private CliProcess.Result kubectl(String... verb) {
        String[] args = new String[verb.length + 4];
        args[0] = "--backend";
        args[1] = "kubernetes";
        args[2] = "-n";
        args[3] = NAMESPACE;
        System.arraycopy(verb, 0, args, 4, verb.length);
        return cli.drover(args);
    }

    private CliProcess.Result ok(String... verb) {
        CliProcess.Result r = kubectl(verb);
        assertThat(r.code()).as(r.all()).isZero();
        return r;
    }

    private String spec(int version) throws IOException {
        return Files.writeString(dir.resolve("tutorial-" + version + ".yaml"), SPEC.formatted(version)).toString();
    }

    @Test
    void walksTheTutorialApplyExposeGetScaleRolloutUndoDelete() throws IOException {
        assertThat(ok("apply", "-f", spec(1)).out()).isEqualTo("service/tutorial created (revision 1)\n");
        assertThat(ok("rollout", "status", "tutorial", "--timeout", "120s").out())
                .contains("Waiting for tutorial: replicas ready").endsWith("service/tutorial successfully rolled out: 2/2 ready, revision 1\n");

        assertThat(ok("expose", "tutorial", "--port", "80", "--target-port", "http", "--type", "nodePort").out())
                .matches("(?s)service/tutorial exposed\n  http   http://[0-9.]+:3\\d{4}   \\(nodePort\\)\n");

        CliProcess.Result get = ok("get");
        assertThat(get.out().lines().toList()).hasSize(2);
        assertThat(get.out().lines().skip(1).findFirst().orElseThrow()).matches("tutorial +2/2 +2 +2 +READY +\\d+s");
        assertThat(ok("get", "tutorial", "-o", "wide").out())
                .containsPattern("INSTANCE +SERVICE +STATE +READY +RESTARTS +LAST-EXIT +NODE +PORTS +REVISION +AGE")
                .containsPattern("tutorial-\\w+-\\w+ +tutorial +RUNNING +yes +0 +- +\\S+ +http=[0-9.]+:8080 +1 +\\d+s");

        assertThat(ok("scale", "tutorial", "--replicas", "3").out()).isEqualTo("service/tutorial scaled to 3\n");
        assertThat(ok("rollout", "status", "tutorial", "--timeout", "120s").out()).endsWith("successfully rolled out: 3/3 ready, revision 1\n");

        assertThat(ok("apply", "-f", spec(2)).out()).isEqualTo("service/tutorial configured (revision 2)\n");
        assertThat(ok("rollout", "status", "tutorial", "--timeout", "120s").out()).endsWith("successfully rolled out: 2/2 ready, revision 2\n");
        assertThat(ok("rollout", "undo", "tutorial").out()).isEqualTo("service/tutorial rolled back (revision 1)\n");
        assertThat(ok("rollout", "status", "tutorial", "--timeout", "120s").out()).endsWith("successfully rolled out: 2/2 ready, revision 1\n");
        assertThat(ok("get", "tutorial", "-o", "json").out()).contains("\"image\" : \"drover-test/web:1\"");

        assertThat(ok("delete", "tutorial").out()).isEqualTo("service/tutorial deleted\n");
        CliProcess.Result none = ok("get");
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("No services found on the kubernetes backend.\n");
    }
}
