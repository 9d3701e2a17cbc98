package io.drover.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link TestServer} as a real process, the way a host-process backend does, and checks its contract. */
class TestServerTest {
    private static final Duration START = Duration.ofSeconds(60);
    private final TckHttp http = new TckHttp(Duration.ofSeconds(3));
    private final List<Process> started = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersItsVersionAndInstance() {
        int port = start(Map.of("VERSION", "2", "DROVER_INSTANCE", "web-0"));
        TckHttp.Reply reply = awaitAnswer(port, "/");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.version()).isEqualTo("2");
        assertThat(reply.instance()).isEqualTo("web-0");
    }

    @Test
    void reportsItsPidAsInstanceWhenNoneIsGiven() {
        int port = start(Map.of("VERSION", "1"));
        String instance = awaitAnswer(port, "/").instance();
        assertThat(started.get(0).pid()).isEqualTo(Long.parseLong(instance));
    }

    @Test
    void becomesUnhealthyForGoodWhenFailIsRequested() {
        int port = start(Map.of("VERSION", "1"));
        assertThat(awaitAnswer(port, "/health").status()).isEqualTo(200);
        assertThat(http.get("127.0.0.1", port, "/fail").status()).isEqualTo(200);
        assertThat(http.get("127.0.0.1", port, "/health").status()).isEqualTo(500);
        assertThat(http.get("127.0.0.1", port, "/health").body()).contains("unhealthy");
    }

    @Test
    void isUnhealthyFromTheStartWhenTheEnvironmentSaysSo() {
        int port = start(Map.of("VERSION", "1", TestWorkload.ENV_UNHEALTHY, "1"));
        assertThat(awaitAnswer(port, "/health").status()).isEqualTo(500);
        assertThat(http.get("127.0.0.1", port, "/").version()).isEqualTo("1");
    }

    @Test
    void exitsWithTheRequestedCodeAfterAnswering() throws InterruptedException {
        int port = start(Map.of("VERSION", "1"));
        awaitAnswer(port, "/");
        TckHttp.Reply reply = http.get("127.0.0.1", port, "/crash?code=7");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(started.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(started.get(0).exitValue()).isEqualTo(7);
    }

    @Test
    void exitsOnItsOwnWhenToldToCrashAfterATime() throws InterruptedException {
        start(Map.of("VERSION", "1", TestWorkload.ENV_CRASH_AFTER_MS, "300", TestWorkload.ENV_EXIT_CODE, "3"));
        assertThat(started.get(0).waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(started.get(0).exitValue()).isEqualTo(3);
    }

    @Test
    void exitsCleanlyOnSigterm() throws InterruptedException {
        int port = start(Map.of("VERSION", "1"));
        awaitAnswer(port, "/");
        started.get(0).destroy();
        assertThat(started.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(started.get(0).exitValue()).isZero();
    }

    @Test
    void logsItsStartToStdoutAndStderrAndEachRequestToStdout() throws IOException {
        int port = start(Map.of("VERSION", "4"));
        awaitAnswer(port, "/?tck=marker42");
        await().atMost(START).untilAsserted(() -> {
            String out = Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
            assertThat(out).contains(TestServer.STARTUP_MARKER + " " + port + " version 4").contains("GET /?tck=marker42 -> 200");
        });
        assertThat(Files.readString(dir.resolve("err.log"), StandardCharsets.UTF_8)).isNotBlank();
    }

    @Test
    void fallsBackToThePortVariable() {
        int port = freePort();
        Map<String, String> env = new HashMap<>(Map.of("VERSION", "1", "PORT", Integer.toString(port)));
        launch(env);
        assertThat(awaitAnswer(port, "/").version()).isEqualTo("1");
    }

    @Test
    void localWorkloadSpecIsValidAndRunsThisServer() {
        ServiceSpec spec = new LocalProcessWorkload().service("web", 2).build();
        assertThat(SpecValidator.validate(spec)).isEmpty();
        assertThat(spec.command()).endsWith(TestServer.class.getName());
        assertThat(Path.of(spec.command().get(0))).isExecutable();
        assertThat(spec.env()).containsEntry("VERSION", "2");
        assertThat(spec.port("http")).isPresent();
    }

    private int start(Map<String, String> env) {
        int port = freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("DROVER_PORT_HTTP", Integer.toString(port));
        launch(all);
        return port;
    }

    private void launch(Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(TestServer.command())
                .redirectOutput(dir.resolve("out.log").toFile())
                .redirectError(dir.resolve("err.log").toFile());
        pb.environment().remove("PORT");
        pb.environment().remove("DROVER_PORT_HTTP");
        pb.environment().remove("DROVER_INSTANCE");
        pb.environment().putAll(env);
        try {
            started.add(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TckHttp.Reply awaitAnswer(int port, String path) {
        return await().atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.get("127.0.0.1", port, path), r -> true);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
