package io.drover.backend.nomad;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server standing in for a Nomad agent: it answers each {@code METHOD /path} with
 * the fixture set for it (404 with Nomad's plain-text "... not found" otherwise) and records every
 * request (method, path, query parameters, headers, body) for the tests to check.
 */
final class FakeNomad implements AutoCloseable {
    /** One request as the agent received it. */
    record Request(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers, String body) {
        String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        String header(String name) {
            for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            return null;
        }
    }

    /** An answer: status, body and headers. */
    record Answer(int status, String body, Map<String, String> headers) {
        static Answer json(String body) { return new Answer(200, body, Map.of()); }
        static Answer json(String body, long index) { return new Answer(200, body, Map.of("X-Nomad-Index", Long.toString(index))); }
        static Answer error(int status, String text) { return new Answer(status, text, Map.of()); }
    }

    private final HttpServer server;
    private final Map<String, List<Answer>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    FakeNomad() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-nomad");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code METHOD path} with {@code answers} in turn (the last one repeats). */
    FakeNomad on(String methodAndPath, Answer... answers) {
        routes.put(methodAndPath, new ArrayList<>(List.of(answers)));
        return this;
    }

    List<Request> requests(String method, String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> query = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                String[] p = kv.split("=", 2);
                String k = java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8);
                String v = p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "";
                query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, query, Map.copyOf(ex.getRequestHeaders()), body));
        List<Answer> list = routes.get(ex.getRequestMethod() + " " + path);
        Answer a;
        if (list == null) {
            a = Answer.error(404, path.startsWith("/v1/job/") ? "job not found" : "Not Found");
        } else {
            synchronized (list) {
                a = list.size() > 1 ? list.remove(0) : list.get(0);
            }
        }
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", a.status() == 200 ? "application/json" : "text/plain");
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
