package io.drover.cli.daemon;

import com.fasterxml.jackson.databind.JavaType;
import io.drover.api.ApplyResult;
import io.drover.api.BackendInfo;
import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.Endpoint;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.RenderFormat;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.spi.support.NamespacedNames;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.BackendUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.drover.api.error.DroverException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.backend.local.LocalSpecRules;
import io.drover.spi.Backend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The local backend as seen from a CLI invocation: every {@link Backend} call is forwarded to the
 * supervisor daemon ({@link DaemonServer}) over its loopback control channel, with the daemon's
 * token, and error answers come back as the same {@link DroverException} types the daemon's backend
 * threw. The backend's name and capabilities are read once, when this client is created. An
 * unreachable daemon is a retryable {@link BackendUnavailableException}. Thread-safe.
 */
public final class DaemonBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonBackend.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final String name;
    private final Set<Capability> capabilities;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();

    /** A client of the daemon at {@code 127.0.0.1:port} that presents {@code token}; asks it for its name and capabilities. */
    public DaemonBackend(int port, String token) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.base = URI.create("http://127.0.0.1:" + port + DaemonServer.PREFIX);
        this.token = token;
        BackendInfo info = call("GET", "info", null, BackendInfo.class);
        this.name = info.name();
        this.capabilities = info.capabilities().isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(info.capabilities()));
    }

    /** What the daemon says about itself (pid, port, start time, home, service count). */
    Messages.DaemonFacts facts() {
        return call("GET", "daemon", null, Messages.DaemonFacts.class);
    }

    /**
     * The last events of {@code service} the daemon kept (oldest first, without their statuses):
     * what {@code drover describe} shows under Events. Not part of the Backend SPI.
     */
    public List<ServiceEvent> recentEvents(String service) {
        return call("GET", "services/" + encode(service) + "/events", null,
                WireFormat.json().getTypeFactory().constructCollectionType(List.class, ServiceEvent.class));
    }

    /** Asks the daemon to stop its services and exit. */
    void shutdown() {
        call("POST", "shutdown", Map.of(), Map.class);
    }

    @Override
    public String name() { return name; }

    @Override
    public BackendInfo info() { return call("GET", "info", null, BackendInfo.class); }

    @Override
    public Set<Capability> capabilities() { return capabilities; }

    /**
     * The local backend's rules ({@link LocalSpecRules}), checked here without a call: the daemon runs
     * the local backend of this same jar, whose {@code validate} applies the same rules.
     */
    @Override
    public List<Violation> validate(ServiceSpec spec) { return LocalSpecRules.validate(spec); }

    @Override
    public ApplyResult apply(ServiceSpec spec, Map<String, SecretValue> secrets) {
        Map<String, String> encoded = new LinkedHashMap<>();
        secrets.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.bytes())));
        return call("POST", "apply", new Messages.ApplyRequest(spec, encoded), ApplyResult.class);
    }

    @Override
    public Optional<ServiceStatus> status(ServiceRef ref) {
        String service = NamespacedNames.nativeName(ref);
        return Optional.ofNullable(call("GET", "services/" + encode(service), null, Messages.StatusResponse.class).status());
    }

    @Override
    public List<ServiceStatus> list(Selector selector) {
        return call("POST", "list", selector, WireFormat.json().getTypeFactory().constructCollectionType(List.class, ServiceStatus.class));
    }

    @Override
    public void scale(ServiceRef ref, int replicas) {
        String service = NamespacedNames.nativeName(ref);
        call("POST", "services/" + encode(service) + "/scale", new Messages.ScaleRequest(replicas), Map.class);
    }

    @Override
    public List<Endpoint> expose(ServiceRef ref, ExposeSpec expose) {
        String service = NamespacedNames.nativeName(ref);
        return call("POST", "services/" + encode(service) + "/expose", expose,
                WireFormat.json().getTypeFactory().constructCollectionType(List.class, Endpoint.class));
    }

    @Override
    public long rollback(ServiceRef ref) {
        String service = NamespacedNames.nativeName(ref);
        return call("POST", "services/" + encode(service) + "/rollback", Map.of(), Messages.RollbackResponse.class).revision();
    }

    @Override
    public boolean delete(ServiceRef ref) {
        String service = NamespacedNames.nativeName(ref);
        return call("DELETE", "services/" + encode(service), null, Messages.DeleteResponse.class).deleted();
    }

    @Override
    public Stream<LogLine> logs(ServiceRef ref, LogOptions options) {
        String service = NamespacedNames.nativeName(ref);
        InputStream in = openStream("services/" + encode(service) + "/logs", options);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        AutoCloseable closer = in::close;
        open.add(closer);
        return reader.lines().filter(l -> !l.isBlank()).map(l -> WireFormat.fromJson(l, LogLine.class)).onClose(() -> {
            open.remove(closer);
            closeQuietly(in);
        });
    }

    @Override
    public Watch watch(Selector selector, WatchListener listener) {
        InputStream in = openStream("watch", selector);
        AtomicBoolean closed = new AtomicBoolean();
        Watch watch = () -> {
            if (closed.compareAndSet(false, true)) closeQuietly(in);
        };
        open.add(watch);
        Thread reader = new Thread(() -> {
            String why = "the drover daemon ended the watch stream";
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while (!closed.get() && (line = r.readLine()) != null) {
                    if (line.isBlank()) continue;
                    ServiceEvent event = WireFormat.fromJson(line, ServiceEvent.class);
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.warn("a watch listener failed on {} {}; the watch goes on", event.type(), event.name(), e);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                why = "the connection to the drover daemon broke (" + e.getMessage() + ")";
            } finally {
                open.remove(watch);
            }
            // closed by its owner: nothing more to say; otherwise the daemon went away (or was stopped)
            if (closed.compareAndSet(false, true)) {
                closeQuietly(in);
                try {
                    listener.onClose(new BackendUnavailableException(why + "; `drover local status` says whether it still runs",
                            "local", "watch", null, null, true, null));
                } catch (RuntimeException e) {
                    LOG.warn("a watch listener failed in onClose", e);
                }
            }
        }, "drover-daemon-watch");
        reader.setDaemon(true);
        reader.start();
        return watch;
    }

    @Override
    public String render(ServiceSpec spec, RenderFormat format) {
        return call("POST", "render", new Messages.RenderRequest(spec, format), Messages.TextMessage.class).text();
    }

    @Override
    public ServiceSpec importNative(String text) {
        return call("POST", "import", new Messages.TextMessage(text), ServiceSpec.class);
    }

    @Override
    public ServiceSpec downgrade(ServiceSpec spec, Set<Capability> missing, List<Downgrade> downgrades) {
        Messages.DowngradeResponse answer = call("POST", "downgrade", new Messages.DowngradeRequest(spec, missing),
                Messages.DowngradeResponse.class);
        downgrades.addAll(answer.downgrades());
        return answer.spec();
    }

    /** Only this client itself: the local backend's objects live in the daemon's process. */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) return type.cast(this);
        throw new IllegalArgumentException("the local backend runs in the drover daemon; " + type.getName()
                + " is not available in this process");
    }

    /** Ends this client's open log streams and watches; the daemon and its services keep running. */
    @Override
    public void close() {
        for (AutoCloseable c : new ArrayList<>(open)) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort: the process is going away anyway
            }
        }
        open.clear();
    }

    private <T> T call(String method, String path, Object body, Class<T> type) {
        return call(method, path, body, WireFormat.json().constructType(type));
    }

    private <T> T call(String method, String path, Object body, JavaType type) {
        HttpResponse<String> response = send(request(method, path, body).timeout(CALL_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString(), path);
        if (response.statusCode() != 200) throw error(response.statusCode(), response.body(), path);
        try {
            return WireFormat.json().readValue(response.body(), type);
        } catch (IOException e) {
            throw new DroverException("cannot read the daemon's answer to " + path + ": " + e.getMessage(), name, path, null, null, false, e);
        }
    }

    private InputStream openStream(String path, Object body) {
        HttpResponse<InputStream> response = send(request("POST", path, body).build(), HttpResponse.BodyHandlers.ofInputStream(), path);
        if (response.statusCode() != 200) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            throw error(response.statusCode(), text, path);
        }
        return response.body();
    }

    private HttpRequest.Builder request(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(WireFormat.toJson(body));
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, publisher);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String path) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new BackendUnavailableException("the drover daemon at " + base.getAuthority() + " does not answer (" + e
                    + "); `drover local stop` and retry", name == null ? "local" : name, path, null, null, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DroverException("interrupted while talking to the drover daemon", e);
        }
    }

    private DroverException error(int status, String body, String path) {
        try {
            return WireFormat.json().readValue(body, WireError.class).toException();
        } catch (IOException | RuntimeException e) {
            return new BackendUnavailableException("the drover daemon answered " + status + " to " + path + ": " + body,
                    name == null ? "local" : name, path, null, status, status >= 500, null);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed or broken: nothing more to release
        }
    }
}
