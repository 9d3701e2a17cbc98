package io.drover.tck;

import io.drover.api.Endpoint;
import io.drover.api.PortBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The TCK's HTTP client: plain GETs with short timeouts, only to addresses a backend reported (an
 * instance's {@link PortBinding} or a service's {@link Endpoint}). No proxy, HTTP/1.1. Thread-safe.
 */
public final class TckHttp {
    private final HttpClient client;
    private final Duration requestTimeout;

    /** A client whose connects and requests each time out after {@code requestTimeout}. */
    public TckHttp(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(requestTimeout)
                .build();
    }

    /** GET {@code path} from an instance's port; throws {@link UncheckedIOException} when nothing answers. */
    public Reply get(PortBinding binding, String path) {
        return get(binding.host(), binding.hostPort(), path);
    }

    /** GET {@code path} through an exposed endpoint; throws {@link UncheckedIOException} when nothing answers. */
    public Reply get(Endpoint endpoint, String path) {
        return get(endpoint.host(), endpoint.port(), path);
    }

    /** GET {@code path} from {@code host:port}; throws {@link UncheckedIOException} when nothing answers. */
    public Reply get(String host, int port, String path) {
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + uri, e);
        }
    }

    /** Like {@link #get(String, int, String)}, but empty when nothing answers (refused, reset or timed out). */
    public Optional<Reply> tryGet(String host, int port, String path) {
        try {
            return Optional.of(get(host, port, path));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** An HTTP answer: status code and body. */
    public record Reply(int status, String body) {
        /** The value of the body's {@code version=} line, or null. */
        public String version() { return field("version"); }

        /** The value of the body's {@code instance=} line, or null. */
        public String instance() { return field("instance"); }

        /** The value of the body's {@code key=} line, or null. */
        public String field(String key) {
            for (String line : body.split("\n")) {
                if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
            }
            return null;
        }
    }
}
