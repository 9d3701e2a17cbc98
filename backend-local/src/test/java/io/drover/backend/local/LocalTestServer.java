package io.drover.backend.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The workload the local backend's tests run as a host process: a tiny HTTP server on
 * {@code DROVER_PORT_HTTP} (or {@code PORT}) answering {@code /} with {@code version=<VERSION>} and
 * {@code instance=<DROVER_INSTANCE>}, {@code /health} with 200 or 500, {@code /fail} (unhealthy for
 * good) and {@code /crash?code=N} (exit N). {@code DROVER_TEST_UNHEALTHY=1} starts unhealthy;
 * {@code DROVER_TEST_CRASH_AFTER_MS} exits with {@code DROVER_TEST_EXIT_CODE} after that long.
 */
public final class LocalTestServer {
    private static volatile boolean healthy = !"1".equals(System.getenv("DROVER_TEST_UNHEALTHY"));

    private LocalTestServer() {}

    /** Starts the server. */
    public static void main(String[] args) throws IOException {
        String portText = System.getenv("DROVER_PORT_HTTP") != null ? System.getenv("DROVER_PORT_HTTP") : System.getenv("PORT");
        int port = Integer.parseInt(portText);
        String version = System.getenv().getOrDefault("VERSION", "1");
        String instance = System.getenv().getOrDefault("DROVER_INSTANCE", "unknown");
        String crashAfter = System.getenv("DROVER_TEST_CRASH_AFTER_MS");
        int exitCode = Integer.parseInt(System.getenv().getOrDefault("DROVER_TEST_EXIT_CODE", "1"));
        if (crashAfter != null) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(Long.parseLong(crashAfter));
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("crashing on purpose with exit code " + exitCode);
                System.out.flush();
                Runtime.getRuntime().halt(exitCode);
            });
            t.setDaemon(true);
            t.start();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            switch (path) {
                case "/health" -> reply(x, healthy ? 200 : 500, healthy ? "ok" : "unhealthy");
                case "/fail" -> {
                    healthy = false;
                    reply(x, 200, "now unhealthy");
                }
                case "/crash" -> {
                    String q = x.getRequestURI().getQuery();
                    int code = q != null && q.startsWith("code=") ? Integer.parseInt(q.substring(5)) : 1;
                    reply(x, 200, "crashing");
                    System.out.println("crash requested with exit code " + code);
                    System.out.flush();
                    Runtime.getRuntime().halt(code);
                }
                default -> reply(x, 200, "version=" + version + "\ninstance=" + instance + "\n");
            }
        });
        server.start();
        System.out.println("listening on " + port + " as " + instance + " version " + version);
        System.out.flush();
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
