package io.drover.cli.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drover.api.ApplyResult;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.EventType;
import io.drover.api.ServiceEvent;
import io.drover.api.Watch;
import io.drover.spi.support.NamespacedNames;
import io.drover.api.WatchListener;
import io.drover.api.spec.ExposeSpec;
import io.drover.spi.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Serves the {@link Backend} SPI over HTTP on 127.0.0.1 (a random port) for {@link DaemonBackend}:
 * JSON bodies in {@link WireFormat}, logs and watch streamed as chunked NDJSON, errors as
 * {@link WireError}s. Only the owner gets in: every request must carry
 * {@code Authorization: Bearer <token>} (compared in constant time), otherwise it is answered 401
 * and never reaches the backend.
 */
public final class DaemonServer implements AutoCloseable {
    private static final ServiceEvent END_OF_WATCH = new ServiceEvent(EventType.DELETED, "", null, "end of watch", Instant.EPOCH);
    /** The prefix of every path. */
    static final String PREFIX = "/v1/";

    private final Backend backend;
    private final byte[] token;
    private final Runnable onShutdown;
    private final Duration heartbeat;
    private final Instant startedAt = Instant.now();
    private final String home;
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService scheduler;
    private RecentEvents events;

    /**
     * @param backend what to serve
     * @param token the secret each request must present
     * @param home the state directory, reported by {@code GET /v1/daemon}
     * @param heartbeat how often streamed responses send a heartbeat line
     * @param onShutdown runs after {@code POST /v1/shutdown} was answered
     */
    public DaemonServer(Backend backend, String token, String home, Duration heartbeat, Runnable onShutdown) {
        this.backend = backend;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.home = home;
        this.heartbeat = heartbeat;
        this.onShutdown = onShutdown;
    }

    /** Binds 127.0.0.1 on a free port and starts answering; returns the port. */
    public synchronized int start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new io.drover.api.error.BackendUnavailableException("cannot listen on the loopback interface: " + e.getMessage(),
                    backend.name(), "daemon", null, null, false, e);
        }
        workers = Executors.newCachedThreadPool(threads("drover-daemon-http"));
        scheduler = Executors.newSingleThreadScheduledExecutor(threads("drover-daemon-heartbeat"));
        events = new RecentEvents(backend);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    /** The port, once started. */
    public synchronized int port() { return server.getAddress().getPort(); }

    /** Stops answering; open streams end. Does not close the backend. */
    @Override
    public synchronized void close() {
        if (server == null) return;
        server.stop(0);
        events.close();
        workers.shutdownNow();
        scheduler.shutdownNow();
        server = null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex)) {
                drain(ex);
                send(ex, 401, new WireError("BackendUnavailable", "the daemon refused the request: missing or wrong token",
                        backend.name(), "daemon", null, 401, false, null, null, null));
                return;
            }
            try {
                route(ex);
            } catch (RuntimeException e) {
                WireError err = WireError.of(e);
                send(ex, err.httpStatus(), err);
            }
        }
    }

    private boolean authorized(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) return false;
        byte[] given = header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, given);
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        if (!path.startsWith(PREFIX)) {
            notFound(ex, path);
            return;
        }
        List<String> parts = List.of(path.substring(PREFIX.length()).split("/"));
        String first = parts.get(0);
        switch (method + " " + first + (parts.size() > 2 ? "/*/" + parts.get(2) : parts.size() == 2 ? "/*" : "")) {
            case "GET daemon" -> send(ex, 200, new Messages.DaemonFacts(ProcessHandle.current().pid(), port(), startedAt, home,
                    backend.name(), backend.list(Selector.all()).size()));
            case "GET info" -> send(ex, 200, backend.info());
            case "GET capabilities" -> send(ex, 200, backend.capabilities());
            case "POST apply" -> {
                Messages.ApplyRequest req = read(ex, Messages.ApplyRequest.class);
                Map<String, SecretValue> secrets = new LinkedHashMap<>();
                if (req.secrets() != null) req.secrets().forEach((k, v) -> secrets.put(k, SecretValue.of(Base64.getDecoder().decode(v))));
                ApplyResult result = backend.apply(req.spec(), secrets);
                send(ex, 200, result);
            }
            case "POST list" -> send(ex, 200, backend.list(read(ex, Selector.class)));
            case "GET services/*" -> send(ex, 200, new Messages.StatusResponse(backend.status(NamespacedNames.parse(parts.get(1))).orElse(null)));
            case "DELETE services/*" -> send(ex, 200, new Messages.DeleteResponse(backend.delete(NamespacedNames.parse(parts.get(1)))));
            case "POST services/*/scale" -> {
                backend.scale(NamespacedNames.parse(parts.get(1)), read(ex, Messages.ScaleRequest.class).replicas());
                send(ex, 200, Map.of());
            }
            case "POST services/*/expose" -> send(ex, 200, backend.expose(NamespacedNames.parse(parts.get(1)), read(ex, ExposeSpec.class)));
            case "POST services/*/rollback" -> send(ex, 200, new Messages.RollbackResponse(backend.rollback(NamespacedNames.parse(parts.get(1)))));
            case "GET services/*/events" -> send(ex, 200, events.of(parts.get(1)));
            case "POST services/*/logs" -> streamLogs(ex, NamespacedNames.parse(parts.get(1)), read(ex, LogOptions.class));
            case "POST watch" -> streamWatch(ex, read(ex, Selector.class));
            case "POST render" -> {
                Messages.RenderRequest req = read(ex, Messages.RenderRequest.class);
                send(ex, 200, new Messages.TextMessage(backend.render(req.spec(), req.format())));
            }
            case "POST import" -> send(ex, 200, backend.importNative(read(ex, Messages.TextMessage.class).text()));
            case "POST downgrade" -> {
                Messages.DowngradeRequest req = read(ex, Messages.DowngradeRequest.class);
                List<io.drover.api.Downgrade> downgrades = new ArrayList<>();
                var spec = backend.downgrade(req.spec(), req.missing(), downgrades);
                send(ex, 200, new Messages.DowngradeResponse(spec, downgrades));
            }
            case "POST shutdown" -> {
                send(ex, 200, Map.of("stopping", ProcessHandle.current().pid()));
                Thread t = new Thread(onShutdown, "drover-daemon-shutdown");
                t.start();
            }
            default -> notFound(ex, method + " " + path);
        }
    }

    private void streamLogs(HttpExchange ex, io.drover.api.ServiceRef name, LogOptions options) throws IOException {
        Stream<LogLine> lines = backend.logs(name, options);
        try (lines) {
            startStream(ex);
            try (NdjsonStream out = new NdjsonStream(ex.getResponseBody(), scheduler, heartbeat, lines::close)) {
                Iterator<LogLine> it = lines.iterator();
                while (!out.isBroken() && it.hasNext()) {
                    if (!out.write(it.next())) break;
                }
            } catch (RuntimeException e) {
                // the client went away and closing the stream ended the iteration; nothing is left to answer
            }
        }
    }

    private void streamWatch(HttpExchange ex, Selector selector) throws IOException {
        BlockingQueue<ServiceEvent> queue = new LinkedBlockingQueue<>();
        // the local backend's watch ends when the backend closes (the daemon stops): end the stream then
        Watch watch = backend.watch(selector, WatchListener.of(queue::add, cause -> queue.add(END_OF_WATCH)));
        try {
            startStream(ex);
            try (NdjsonStream out = new NdjsonStream(ex.getResponseBody(), scheduler, heartbeat, () -> queue.add(END_OF_WATCH))) {
                while (true) {
                    ServiceEvent event = queue.take();
                    if (event == END_OF_WATCH || !out.write(event)) break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watch.close();
        }
    }

    private static void startStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
    }

    private void notFound(HttpExchange ex, String what) throws IOException {
        send(ex, 404, new WireError("Drover", "the daemon has no operation " + what, backend.name(), "daemon", null, 404, false,
                null, null, null));
    }

    private static <T> T read(HttpExchange ex, Class<T> type) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return WireFormat.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), type);
        }
    }

    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = WireFormat.toJson(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
