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

/** The verbs that need no backend, run in-process; the others are covered by CliIT against the real jar. */
class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = DroverCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("DROVER_HOME", dir.resolve("home").toString()));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aValidSpecIsValid() throws Exception {
        Path spec = file("ok.yaml", """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  command: [ sleep, "100" ]
                  replicas: 2
                  ports: [ { name: http, containerPort: 8080 } ]
                """);
        Result r = run("validate", "-f", spec.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("valid\n");
    }

    @Test
    void anInvalidSpecPrintsEveryViolationOnItsOwnLineAndExitsTwo() throws Exception {
        Path spec = file("bad.yaml", """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: Web_App }
                spec:
                  command: [ sleep ]
                  replicas: -1
                  ports: [ { name: http, containerPort: 70000 } ]
                """);
        Result r = run("validate", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "error: invalid spec (3 problems):",
                "metadata.name: must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), was 'Web_App'",
                "spec.replicas: must be 0 or more, was -1",
                "spec.ports[0].containerPort: must be 1..65535, was 70000");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void eachInstalledBackendChecksItsExtensionSectionWithTheNeutralRules() throws Exception {
        Path spec = file("extensions.yaml", """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  command: [ sleep, "100" ]
                  replicas: -1
                  extensions:
                    swarm: { networks: [ front, front ] }
                    nomad: { priority: 0 }
                    local: { stopTimeoutSeconds: -1 }
                """);
        Result r = run("validate", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "error: invalid spec (4 problems):",
                "spec.replicas: must be 0 or more, was -1",
                "spec.extensions.local.stopTimeoutSeconds: must be 0 or more, was -1",
                "spec.extensions.nomad.priority: must be 1..100, was 0",
                "spec.extensions.swarm.networks[1]: duplicates network 'front'");
    }

    @Test
    void aBackendsOtherLimitsAreLeftToApplyingThere() throws Exception {
        // node.role has no Nomad counterpart and Swarm pins node ports only in ingress mode: each matters only there
        Path spec = file("limits.yaml", """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  command: [ sleep, "100" ]
                  ports: [ { name: http, containerPort: 8080 } ]
                  expose: { type: nodePort, ports: [ { port: 8080, targetPort: http, nodePort: 30080 } ] }
                  placement: { constraints: [ "node.role == manager" ] }
                """);
        Result r = run("validate", "-f", spec.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("valid\n");
    }

    @Test
    void anUnknownFieldIsAStructuralViolation() throws Exception {
        Path spec = file("typo.yaml", """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  command: [ sleep, "1" ]
                  replica: 2
                """);
        Result r = run("validate", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("spec.replica: ").contains("replicas");
    }

    @Test
    void aMissingFileIsAnInvalidSpecNamingIt() {
        Result r = run("validate", "-f", dir.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("$: file not found: " + dir.resolve("nope.yaml"));
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("scale", "web").code()).isEqualTo(2);
        assertThat(run("scale", "web", "--replicas", "many").code()).isEqualTo(2);
        assertThat(run("--timeout", "soon", "get").err()).contains("is not a duration");
        assertThat(run("expose", "web", "--port", "80", "--type", "everywhere").err()).contains("is not an expose type");
        assertThat(run("rollout").code()).isEqualTo(2);
    }

    @Test
    void anUnknownBackendIsAClearErrorWithoutAStackTrace() {
        Result r = run("--backend", "mainframe", "get");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no backend named 'mainframe'").contains("local").doesNotContain("\tat ");
        Result debug = run("--backend", "mainframe", "--debug", "get");
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void backendsListsTheLocalBackendWithItsCapabilities() {
        Result r = run("backends");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("local   (applicable here, priority lowest)").contains("can:    probe-http")
                .contains("cannot: image-entrypoint");
    }

    @Test
    void localStatusWithoutADaemonSaysSoAndStartsNone() {
        Result r = run("local", "status");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("no drover daemon running");
        assertThat(dir.resolve("home").resolve("daemon.json")).doesNotExist();
        assertThat(run("local", "stop").out()).startsWith("no drover daemon running");
    }
}
