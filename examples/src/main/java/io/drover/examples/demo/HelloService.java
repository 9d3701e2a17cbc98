package io.drover.examples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The demo's service: a tiny HTTP server (JDK only) that answers {@code GET /} with
 * {@code hello from <instance> version <v>}, {@code GET /healthz} with {@code ok}, and
 * {@code GET /crash} by exiting with code 3 (to show self-healing); other paths get 404. It listens on
 * 127.0.0.1 at {@code $PORT} (the local backend sets it), names itself by {@code $DROVER_INSTANCE}
 * and takes its version from {@code $HELLO_VERSION} (default 1). Run it as a host process:
 * {@code java -cp drover-cli.jar io.drover.examples.demo.HelloService}.
 */
public final class HelloService {
    /** The environment variable holding the version it reports. */
    public static final String VERSION_ENV = "HELLO_VERSION";
    /** The exit code after {@code GET /crash}. */
    public static final int CRASH_EXIT_CODE = 3;

    private HelloService() {}

    /** Serves until the process is stopped. */
    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("PORT", args.length > 0 ? args[0] : "8080"));
        String instance = env.getOrDefault("DROVER_INSTANCE", "pid-" + ProcessHandle.current().pid());
        String version = env.getOrDefault(VERSION_ENV, "1");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/healthz", ex -> answer(ex, "ok\n"));
        server.createContext("/crash", ex -> {
            answer(ex, instance + " exiting with code " + CRASH_EXIT_CODE + "\n");
            Thread exit = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(CRASH_EXIT_CODE);
            });
            exit.start();
        });
        server.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/")) answer(ex, "hello from " + instance + " version " + version + "\n");
            else answer(ex, 404, "not found: " + ex.getRequestURI().getPath() + "\n");
        });
        server.start();
        System.out.println("hello service " + instance + " version " + version + " listening on 127.0.0.1:" + port);
    }

    private static void answer(HttpExchange ex, String body) throws IOException {
        answer(ex, 200, body);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
