package io.drover.tck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TCK's test workload as a host program: a tiny HTTP server on the JDK's own
 * {@code com.sun.net.httpserver}, with no dependency beyond the JDK, that fulfils the
 * {@link TestWorkload} contract. A host-process backend runs it through {@link #command()}; see
 * {@link LocalProcessWorkload}.
 *
 * <p>It listens on the port in {@code DROVER_PORT_HTTP}, else {@code PORT}, else 8080, on the
 * loopback addresses (IPv4, and IPv6 where available) and answers:
 * <ul>
 *   <li>{@code GET /} (and any other path): {@code version=<VERSION>\ninstance=<DROVER_INSTANCE or pid>\n};</li>
 *   <li>{@code GET /health}: 200 {@code ok} while healthy, 500 {@code unhealthy} after;</li>
 *   <li>{@code GET /fail}: unhealthy for good from then on;</li>
 *   <li>{@code GET /crash?code=N}: answers, then exits with code N.</li>
 * </ul>
 * With {@link TestWorkload#ENV_UNHEALTHY}{@code =1} it is unhealthy from the start; with
 * {@link TestWorkload#ENV_CRASH_AFTER_MS} it exits after that many milliseconds with
 * {@link TestWorkload#ENV_EXIT_CODE} (default 1). It writes {@code listening on <port> version <v>}
 * to stdout and a line to stderr at start, one line per request to stdout
 * ({@code GET /path?query -> 200}), and exits with code 0 on SIGTERM. Every answer closes its
 * connection, so that TCP load balancers see one connection per request.
 */
public final class TestServer {
    /** The text of the first stdout line, before the port: {@code listening on <port> version <v>}. */
    public static final String STARTUP_MARKER = "listening on";
    /** The environment variable holding the version the server reports. */
    public static final String ENV_VERSION = "VERSION";
    /** The environment variable holding the instance id the server reports (default: its pid). */
    public static final String ENV_INSTANCE = "DROVER_INSTANCE";

    private static final int DEFAULT_PORT = 8080;

    private final String version;
    private final String instance;
    private final AtomicBoolean healthy;
    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-server-worker");
        t.setDaemon(true);
        return t;
    });
    /** Set once the server exits on purpose (crash request or timer), so that the SIGTERM hook does not override the code. */
    private volatile boolean exitingOnPurpose;

    private TestServer(String version, String instance, boolean healthy) {
        this.version = version;
        this.instance = instance;
        this.healthy = new AtomicBoolean(healthy);
    }

    /**
     * Runs the server until it is told to crash or gets SIGTERM. Arguments are ignored; everything
     * comes from the environment (see the class comment).
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        int port = port(env);
        String version = env.getOrDefault(ENV_VERSION, "0");
        String instance = env.getOrDefault(ENV_INSTANCE, Long.toString(ProcessHandle.current().pid()));
        TestServer server = new TestServer(version, instance, !"1".equals(env.get(TestWorkload.ENV_UNHEALTHY)));
        server.start(port);
        server.scheduleCrash(env);
    }

    /**
     * The host command line that runs this server with the JVM running the caller: the JDK's
     * {@code java} launcher, small-footprint flags, a class path holding this class (a classes
     * directory or the TCK jar) and the class name. Set {@code VERSION} with {@link #environment(int)}.
     */
    public static List<String> command() {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-Xss512k",
                "-cp", classPath(),
                TestServer.class.getName());
    }

    /** The environment the server needs to report {@code version=<version>}. */
    public static Map<String, String> environment(int version) {
        return Map.of(ENV_VERSION, Integer.toString(version));
    }

    private static String classPath() {
        try {
            return Path.of(TestServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the class path of " + TestServer.class.getName(), e);
        }
    }

    private static int port(Map<String, String> env) {
        for (String key : List.of("DROVER_PORT_HTTP", "PORT")) {
            String value = env.get(key);
            if (value != null && !value.isBlank()) {
                try {
                    return Integer.parseInt(value.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a port number, was '" + value + "'", e);
                }
            }
        }
        return DEFAULT_PORT;
    }

    private void start(int port) throws IOException {
        servers.add(bind(InetAddress.getByName("127.0.0.1"), port));
        try {
            servers.add(bind(InetAddress.getByName("::1"), port));
        } catch (IOException e) {
            System.err.println("IPv6 loopback not available (" + e.getMessage() + "); serving on 127.0.0.1 only");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "test-server-shutdown"));
        print(System.out, STARTUP_MARKER + " " + port + " version " + version);
        print(System.err, "test server " + instance + " started (healthy=" + healthy.get() + ")");
    }

    private HttpServer bind(InetAddress address, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
        return server;
    }

    private void scheduleCrash(Map<String, String> env) {
        String after = env.get(TestWorkload.ENV_CRASH_AFTER_MS);
        if (after == null || after.isBlank()) return;
        long delay = Long.parseLong(after.trim());
        int code = Integer.parseInt(env.getOrDefault(TestWorkload.ENV_EXIT_CODE, "1").trim());
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exit(code, "crashing after " + delay + " ms as " + TestWorkload.ENV_CRASH_AFTER_MS + " asks");
        }, "test-server-crash-timer");
        timer.setDaemon(true);
        timer.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        int status;
        String body;
        Integer crashCode = null;
        switch (path) {
            case "/health" -> {
                status = healthy.get() ? 200 : 500;
                body = healthy.get() ? "ok\n" : "unhealthy\n";
            }
            case "/fail" -> {
                healthy.set(false);
                status = 200;
                body = "unhealthy from now on\n";
            }
            case "/crash" -> {
                crashCode = crashCode(query);
                status = crashCode == null ? 400 : 200;
                body = crashCode == null ? "crash needs ?code=N\n" : "exiting with code " + crashCode + "\n";
            }
            default -> {
                status = 200;
                body = "version=" + version + "\ninstance=" + instance + "\n";
            }
        }
        print(System.out, exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " -> " + status);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
        if (crashCode != null) {
            int code = crashCode;
            Thread t = new Thread(() -> exit(code, "crashing with code " + code + " as requested"), "test-server-crash");
            t.start();
        }
    }

    private static Integer crashCode(String query) {
        if (query == null) return null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                try {
                    int code = Integer.parseInt(pair.substring(5));
                    return code >= 0 && code <= 255 ? code : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private void exit(int code, String why) {
        exitingOnPurpose = true;
        try {
            Thread.sleep(50); // let the answer that asked for the crash leave the socket
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print(System.err, why);
        System.exit(code);
    }

    /** Stops serving; on SIGTERM (not on a requested exit) ends the JVM with code 0. */
    private void shutdown() {
        servers.forEach(s -> s.stop(0));
        workers.shutdownNow();
        if (!exitingOnPurpose) {
            print(System.out, "stopping on SIGTERM");
            Runtime.getRuntime().halt(0);
        }
    }

    private static void print(PrintStream stream, String line) {
        synchronized (stream) {
            stream.println(line);
            stream.flush();
        }
    }
}
