package io.drover.cli;

import io.drover.backend.local.ProcessLiveness;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;

import io.drover.cli.daemon.WireFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged CLI against the local backend through its daemon, one process per command, like a user at a shell. */
class CliIT {
    @TempDir
    Path dir;

    private Path home;
    private CliProcess cli;

    @BeforeEach
    void setUp() throws IOException {
        home = dir.resolve("home");
        cli = new CliProcess(home, Files.createDirectories(dir.resolve("work")));
    }

    @AfterEach
    void stopTheDaemon() {
        long pid = daemonPid();
        CliProcess.Result stop = cli.drover("local", "stop");
        assertThat(stop.code()).as(stop.all()).isZero();
        if (pid > 0) assertThat(ProcessLiveness.isRunning(pid)).as("daemon %d still alive", pid).isFalse();
    }

    private long daemonPid() {
        try {
            return WireFormat.json().readTree(Files.readString(home.resolve("daemon.json"))).get("pid").asLong();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void ok(CliProcess.Result r) {
        assertThat(r.code()).as(r.all()).isZero();
    }

    private List<Integer> instancePorts(String name) throws IOException {
        CliProcess.Result r = cli.drover("get", name, "-o", "json");
        ok(r);
        List<Integer> ports = new ArrayList<>();
        for (JsonNode i : WireFormat.json().readTree(r.out()).get("instances")) ports.add(i.get("ports").get(0).get("hostPort").asInt());
        return ports;
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void separateInvocationsKeepManagingTheSameServiceThroughTheDaemon() throws Exception {
        Path spec = cli.helloSpec("web", 2, "");

        CliProcess.Result applied = cli.drover("apply", "-f", spec.toString());
        ok(applied);
        assertThat(applied.out()).isEqualTo("service/web created (revision 1)\n");

        CliProcess.Result rollout = cli.drover("rollout", "status", "web", "--timeout", "90s");
        ok(rollout);
        assertThat(rollout.out()).contains("replicas ready").endsWith("service/web successfully rolled out: 2/2 ready, revision 1\n");

        CliProcess.Result get = cli.drover("get");
        ok(get);
        assertThat(get.out().lines().toList()).hasSize(2);
        assertThat(get.out().lines().findFirst().orElseThrow()).matches("NAME +READY +UP-TO-DATE +AVAILABLE +STATE +AGE");
        assertThat(get.out().lines().skip(1).findFirst().orElseThrow()).matches("web +2/2 +2 +2 +READY +\\d+s");

        CliProcess.Result describe = cli.drover("describe", "web");
        ok(describe);
        assertThat(describe.out()).contains("Name:       web", "State:      READY", "Instances:", "Problems:\n  <none>")
                .containsPattern("web-1-\\w+ +localhost +RUNNING +yes +0 +- +1 +http=127\\.0\\.0\\.1:\\d+")
                .containsPattern("Events:\n +AGE +TYPE +MESSAGE\n +\\d+s +ADDED +service web created at revision 1");

        assertThat(cli.drover("apply", "-f", spec.toString()).out()).isEqualTo("service/web unchanged (revision 1)\n");

        CliProcess.Result scaled = cli.drover("scale", "web", "--replicas", "3");
        ok(scaled);
        assertThat(scaled.out()).isEqualTo("service/web scaled to 3\n");
        ok(cli.drover("rollout", "status", "web"));
        assertThat(cli.drover("get", "web").out()).containsPattern("web +3/3 +3 +3 +READY");

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliProcess.Result exposed = cli.drover("expose", "web", "--port", Integer.toString(port));
        ok(exposed);
        assertThat(exposed.out()).isEqualTo("service/web exposed\n  http   http://127.0.0.1:" + port + "   (loadBalancer)\n");
        HttpResponse<String> hello = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hello.body()).matches("hello from web-1-\\w+ version 1\n");
        assertThat(cli.drover("describe", "web").out()).contains("Endpoints:\n  http   127.0.0.1:" + port + "   (loadBalancer, TCP)");

        CliProcess.Result logs = cli.drover("logs", "web", "--tail", "5");
        ok(logs);
        assertThat(logs.out()).containsPattern("\\[web-1-\\w+\\] hello service web-1-\\w+ version 1 listening on 127\\.0\\.0\\.1:\\d+");

        CliProcess.Result wide = cli.drover("get", "-o", "wide");
        ok(wide);
        assertThat(wide.out()).containsPattern("web +3/3 +3 +3 +READY")
                .containsPattern("\nINSTANCE +SERVICE +STATE +READY +RESTARTS +LAST-EXIT +NODE +PORTS +REVISION +AGE\n");
        assertThat(wide.out().lines().filter(l -> l.matches("web-1-\\w+ +web +RUNNING +yes +0 +- +localhost +http=127\\.0\\.0\\.1:\\d+ +1 +\\d+s")))
                .hasSize(3);

        CliProcess.Result yaml = cli.drover("get", "web", "-o", "yaml");
        ok(yaml);
        assertThat(yaml.out()).contains("name: web", "state: READY", "ready: 3", "spec:", "command:", "HelloService");

        List<Integer> ports = instancePorts("web");
        assertThat(ports).hasSize(3).allMatch(CliIT::answers);

        CliProcess.Result deleted = cli.drover("delete", "web");
        ok(deleted);
        assertThat(deleted.out()).isEqualTo("service/web deleted\n");
        assertThat(ports).noneMatch(CliIT::answers);

        CliProcess.Result gone = cli.drover("get", "web");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("error: service 'web' not found on the local backend\n");
    }

    @Test
    void aNamespaceKeepsTheSameNameApartInEveryVerb() throws Exception {
        Path spec = cli.helloSpec("web", 1, "");
        ok(cli.drover("apply", "-f", spec.toString()));
        ok(cli.drover("-n", "team-a", "apply", "-f", spec.toString()));
        ok(cli.drover("-n", "team-a", "rollout", "status", "web", "--timeout", "90s"));
        ok(cli.drover("-n", "team-a", "scale", "web", "--replicas", "2"));
        ok(cli.drover("-n", "team-a", "rollout", "status", "web", "--timeout", "90s"));
        assertThat(cli.drover("-n", "team-a", "get", "web").out()).containsPattern("web +2/2 +2 +2 +READY");
        assertThat(cli.drover("get", "web").out()).as("the default namespace's web is its own service").containsPattern("web +[0-9]/1 ");
        ok(cli.drover("-n", "team-a", "delete", "web"));
        assertThat(cli.drover("-n", "team-a", "get", "web").code()).isEqualTo(1);
        ok(cli.drover("get", "web"));
        ok(cli.drover("delete", "web"));
        CliProcess.Result bad = cli.drover("-n", "Team_A", "get");
        assertThat(bad.code()).as(bad.all()).isEqualTo(2);
        assertThat(bad.err()).contains("--namespace").contains("DNS-1123");
    }

    @Test
    void theCliJarCarriesNoGuice() throws IOException {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(CliProcess.jar().toFile())) {
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName)).as("Guice is optional in api and the backends")
                    .noneMatch(n -> n.startsWith("com/google/inject/"))
                    .contains("io/drover/api/DroverModule.class");
        }
    }

    @Test
    void anInvalidSpecExitsTwoWithEachViolationAndCreatesNothing() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  command: [ sleep, "60" ]
                  replicas: -2
                  ports: [ { name: http, containerPort: 0 }, { name: http, containerPort: 81 } ]
                """);
        for (String verb : List.of("apply", "validate")) {
            CliProcess.Result r = cli.drover(verb, "-f", bad.toString());
            assertThat(r.code()).as(r.all()).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(verb).contains("spec.replicas: must be 0 or more, was -2")
                    .anyMatch(l -> l.startsWith("spec.ports[0].containerPort: "))
                    .anyMatch(l -> l.startsWith("spec.ports[1].name: "));
            assertThat(r.err()).doesNotContain("Exception");
        }
        assertThat(home.resolve("daemon.json")).as("no daemon is started for an invalid spec").doesNotExist();
    }

    @Test
    void usageErrorsAndMissingServicesHaveClearMessagesAndExitCodes() {
        CliProcess.Result unknown = cli.drover("deploy", "web");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument").contains("deploy");

        for (String[] args : List.of(new String[] {"describe", "ghost"}, new String[] {"scale", "ghost", "--replicas", "2"},
                new String[] {"delete", "ghost"}, new String[] {"rollout", "undo", "ghost"}, new String[] {"logs", "ghost"})) {
            CliProcess.Result r = cli.drover(args);
            assertThat(r.code()).as(r.all()).isEqualTo(1);
            assertThat(r.err()).as(r.all()).contains("service 'ghost' not found").doesNotContain("\tat ").doesNotContain("Exception");
        }
        assertThat(cli.drover("delete", "ghost", "--ignore-not-found").code()).isZero();
    }

    @Test
    void theDaemonAdmitsOnlyTheHolderOfItsToken() throws Exception {
        ok(cli.drover("get"));
        Path state = home.resolve("daemon.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        JsonNode s = WireFormat.json().readTree(Files.readString(state));
        URI info = URI.create("http://127.0.0.1:" + s.get("port").asInt() + "/v1/info");
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(info).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(info).header("Authorization", "Bearer " + "f".repeat(64)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(info).header("Authorization", "Bearer " + s.get("token").asText())
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("\"name\":\"local\"");
    }

    @Test
    void localStopEndsTheDaemonAndEveryServiceItRuns() throws Exception {
        ok(cli.drover("apply", "-f", cli.helloSpec("stopme", 1, "").toString()));
        ok(cli.drover("rollout", "status", "stopme"));
        List<Integer> ports = instancePorts("stopme");
        assertThat(ports).allMatch(CliIT::answers);
        long pid = daemonPid();

        CliProcess.Result status = cli.drover("local", "status");
        ok(status);
        assertThat(status.out()).contains("drover daemon running", "pid:      " + pid, "services: 1");

        CliProcess.Result stop = cli.drover("local", "stop");
        ok(stop);
        assertThat(stop.out()).isEqualTo("drover daemon stopped (pid " + pid + ")\n");
        assertThat(ProcessLiveness.isRunning(pid)).isFalse();
        assertThat(home.resolve("daemon.json")).doesNotExist();
        assertThat(ports).noneMatch(CliIT::answers);
        assertThat(cli.drover("local", "status").out()).startsWith("no drover daemon running");
    }

    @Test
    void aDeadDaemonIsReplacedAndTheProcessesItLeftAreReaped() throws Exception {
        ok(cli.drover("apply", "-f", cli.helloSpec("orphan", 1, "").toString()));
        ok(cli.drover("rollout", "status", "orphan"));
        List<Integer> ports = instancePorts("orphan");
        long pid = daemonPid();
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        daemon.destroyForcibly();
        assertThat(ProcessLiveness.awaitExit(pid, Duration.ofSeconds(30))).isTrue();
        assertThat(ports).as("SIGKILL leaves the instances running").allMatch(CliIT::answers);

        CliProcess.Result get = cli.drover("get");
        ok(get);
        assertThat(get.err()).contains("No services found");
        assertThat(daemonPid()).isPositive().isNotEqualTo(pid);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ports).noneMatch(CliIT::answers));
    }

    @Test
    void aCrashingServiceFailsItsRolloutWithProblemsAndHints() throws Exception {
        Path spec = Files.writeString(dir.resolve("crash.yaml"), """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: crasher }
                spec:
                  command: [ sh, -c, "echo cannot start >&2; exit 3" ]
                  ports: [ { name: http, containerPort: 8080 } ]
                  probes:
                    readiness: { http: { path: /healthz, port: http }, periodSeconds: 1 }
                """);
        ok(cli.drover("apply", "-f", spec.toString()));
        CliProcess.Result rollout = cli.drover("rollout", "status", "crasher", "--timeout", "60s");
        assertThat(rollout.code()).as(rollout.all()).isEqualTo(1);
        assertThat(rollout.out()).contains("Waiting for crasher: replicas ready 0/1");
        assertThat(rollout.err()).contains("CRASH_LOOP").contains("hint:").doesNotContain("\tat ");

        CliProcess.Result describe = cli.drover("describe", "crasher");
        ok(describe);
        assertThat(describe.out()).contains("CRASH_LOOP").contains("hint:   ");
        ok(cli.drover("delete", "crasher"));
    }

    @Test
    void aRolloutThatDoesNotSettleInTimeExitsOneWithTheLastStatus() throws Exception {
        Path spec = cli.helloSpec("unready", 1, "").getParent().resolve("unready.yaml");
        Files.writeString(spec, Files.readString(cli.helloSpec("unready", 1, "")).replace("path: /healthz", "path: /missing"));
        ok(cli.drover("apply", "-f", spec.toString()));
        CliProcess.Result rollout = cli.drover("rollout", "status", "unready", "--timeout", "4s");
        assertThat(rollout.code()).as(rollout.all()).isEqualTo(1);
        assertThat(rollout.err()).contains("timed out after 4000 ms").contains("last status: unready").doesNotContain("\tat ");
        ok(cli.drover("delete", "unready"));
    }

    @Test
    void lenientModeDowngradesWhatStrictModeRefuses() throws Exception {
        Path spec = cli.helloSpec("limited", 1, "  resources: { limits: { cpu: 500m, memory: 64Mi } }\n");
        CliProcess.Result strict = cli.drover("apply", "-f", spec.toString());
        assertThat(strict.code()).as(strict.all()).isEqualTo(1);
        assertThat(strict.err()).contains("spec.resources.limits: needs resource-limits");

        CliProcess.Result lenient = cli.drover("--lenient", "apply", "-f", spec.toString());
        ok(lenient);
        assertThat(lenient.out()).contains("service/limited created (revision 1)")
                .contains("downgraded spec.resources.limits: limits ignored: instances are not capped (backend lacks resource-limits)");
        ok(cli.drover("delete", "limited"));
    }

    @Test
    void renderShowsTheNativeManifestWithoutApplying() throws Exception {
        CliProcess.Result r = cli.drover("render", "-f", cli.helloSpec("shown", 2, "").toString(), "-o", "json");
        ok(r);
        assertThat(r.out()).contains("shown").contains("HelloService");
        assertThat(cli.drover("get", "shown").code()).isEqualTo(1);
    }
}
