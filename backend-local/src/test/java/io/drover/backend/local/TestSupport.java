package io.drover.backend.local;

import io.drover.api.Endpoint;
import io.drover.api.spec.ServiceSpec;
import java.io.IOException;
import java.net.URI;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared helpers of the local backend's tests: the workload spec, a fast config, HTTP calls. */
final class TestSupport {
    private TestSupport() {}

    /** The java launcher of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A small, fast-starting JVM command running {@code mainClass} from the test classpath. */
    static List<String> javaCommand(Class<?> mainClass) {
        return List.of(java(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), mainClass.getName());
    }

    /** The test server as service {@code name} at {@code version}, one replica, port "http". */
    static ServiceSpec.Builder server(String name, int version) {
        return ServiceSpec.builder(name).image("drover/test-server:" + version).command(javaCommand(LocalTestServer.class))
                .env("VERSION", Integer.toString(version)).port("http", 8080);
    }

    /** A configuration with a temporary state directory and short backoffs. */
    static LocalConfig config(Path stateDir) {
        return LocalConfig.builder().stateDirectory(stateDir)
                .restartBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .stopTimeout(Duration.ofSeconds(5)).build();
    }

    /** An HTTP answer: status code and body. */
    record Reply(int status, String body) {}

    /**
     * GET {@code url} over a fresh HTTP/1.0 connection (never a pooled one, so that each request is
     * balanced anew); throws IOException when the connection fails or closes without an answer.
     */
    static Reply get(String url) throws IOException {
        URI uri = URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 3000);
            s.setSoTimeout(5000);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + uri.getHost() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (text.isEmpty()) throw new IOException("connection to " + uri.getHost() + ":" + uri.getPort() + " closed without an answer");
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Reply(status, split < 0 ? "" : text.substring(split + 4));
        }
    }

    /** GET on an endpoint's root; returns the body. */
    static String body(Endpoint e) throws IOException {
        return get(e.url() + "/").body();
    }

    /** The value of {@code key=} in a body such as {@code version=1\ninstance=x}. */
    static String field(String body, String key) {
        for (String line : body.split("\n")) {
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
        }
        return null;
    }

    /** Every live descendant of this JVM whose command line contains {@code marker}. */
    static List<ProcessHandle> descendantsWith(String marker) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    /** Waits until the process is gone, up to the timeout; true when gone. */
    static boolean gone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) return true;
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
}
