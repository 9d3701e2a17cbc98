package io.drover.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Engine API calls that docker-java 3.7.1 cannot make or whose answers it models only in part, made
 * through its transport's raw {@link DockerHttpClient} at API version 1.41:
 * <ul>
 *   <li>services and tasks as JSON, with the fields docker-java drops ({@code PreviousSpec},
 *       {@code UpdateStatus}, placement preferences, the tasks' {@code PortStatus} with the host
 *       ports of host-mode publishing);</li>
 *   <li>{@code POST /services/{id}/update} with a JSON body or with {@code rollback=previous}.</li>
 * </ul>
 * Errors are thrown as docker-java's own exceptions, so that {@link SwarmErrorMapper} maps every
 * failure the same way. Thread-safe.
 */
final class EngineApi {
    static final String VERSION = "v1.41";
    private final DockerHttpClient http;
    private final ObjectMapper json;

    EngineApi(DockerHttpClient http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /** The service with this name or id, or empty. */
    Optional<JsonNode> inspectService(String nameOrId) {
        try {
            return Optional.of(call("GET", "/services/" + encode(nameOrId), null));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Services whose labels include all of {@code labels} (label {@code k} alone when the value is null). */
    List<JsonNode> listServices(Map<String, String> labels) {
        return list(call("GET", "/services" + filters("label", labels), null));
    }

    /** Tasks of the given services (all tasks when {@code serviceIds} is empty). */
    List<JsonNode> listTasks(List<String> serviceIds) {
        String query = serviceIds.isEmpty() ? "" : "?filters=" + encode(write(Map.of("service", serviceIds)));
        return list(call("GET", "/tasks" + query, null));
    }

    /** The swarm's nodes. */
    List<JsonNode> listNodes() {
        return list(call("GET", "/nodes", null));
    }

    /** Replaces the service's spec with {@code spec} (full Engine API JSON) at its current {@code version}. */
    void updateService(String id, long version, Object spec) {
        call("POST", "/services/" + encode(id) + "/update?version=" + version, write(spec));
    }

    /** Rolls the service back to its previous spec ({@code PreviousSpec}), as {@code docker service rollback} does. */
    void rollbackService(String id, long version, JsonNode currentSpec) {
        call("POST", "/services/" + encode(id) + "/update?version=" + version + "&rollback=previous", write(currentSpec));
    }

    /** Secrets whose labels include all of {@code labels}. */
    List<JsonNode> listSecrets(Map<String, String> labels) {
        return list(call("GET", "/secrets" + filters("label", labels), null));
    }

    /** Secrets with these names (the engine's name filter matches prefixes too: callers compare names). */
    List<JsonNode> listSecretsNamed(List<String> names) {
        if (names.isEmpty()) return List.of();
        return list(call("GET", "/secrets?filters=" + encode(write(Map.of("name", names))), null));
    }

    /** Creates a secret holding {@code data} and returns its id. */
    String createSecret(String name, byte[] data, Map<String, String> labels) {
        Map<String, Object> body = Map.of("Name", name, "Labels", labels, "Data", java.util.Base64.getEncoder().encodeToString(data));
        return call("POST", "/secrets/create", write(body)).path("ID").asText();
    }

    /** Removes a secret; false when it was not there. */
    boolean removeSecret(String id) {
        try {
            call("DELETE", "/secrets/" + encode(id), null);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Opens the multiplexed log stream of a service or task ({@code kind} "services" or "tasks")
     * with timestamps and details (docker-java drops the {@code details} flag). Close the response
     * to end it.
     */
    DockerHttpClient.Response openLogs(String kind, String id, boolean follow, Integer tail, java.time.Instant since) {
        StringBuilder q = new StringBuilder("?stdout=1&stderr=1&timestamps=1&details=1");
        if (follow) q.append("&follow=1");
        q.append("&tail=").append(tail == null ? "all" : tail.toString());
        if (since != null) q.append("&since=").append(since.getEpochSecond()).append('.').append(String.format("%09d", since.getNano()));
        DockerHttpClient.Response response = http.execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/" + VERSION + "/" + kind + "/" + encode(id) + "/logs" + q).build());
        int status = response.getStatusCode();
        if (status >= 200 && status < 300) return response;
        String text;
        try (InputStream in = response.getBody()) {
            text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = e.toString();
        } finally {
            response.close();
        }
        throw error(status, text.trim());
    }

    private static DockerException error(int status, String message) {
        return switch (status) {
            case 400 -> new BadRequestException(message);
            case 401 -> new UnauthorizedException(message);
            case 404 -> new NotFoundException(message);
            case 409 -> new ConflictException(message);
            case 500 -> new InternalServerErrorException(message);
            default -> new DockerException(message, status);
        };
    }

    private JsonNode call(String method, String path, String body) {
        DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.valueOf(method))
                .path("/" + VERSION + path);
        if (body != null) {
            b.putHeader("Content-Type", "application/json");
            b.bodyBytes(body.getBytes(StandardCharsets.UTF_8));
        }
        try (DockerHttpClient.Response response = http.execute(b.build())) {
            String text;
            try (InputStream in = response.getBody()) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = response.getStatusCode();
            if (status >= 200 && status < 300) {
                return text.isBlank() ? json.createObjectNode() : json.readTree(text);
            }
            throw error(status, text.trim());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        }
    }

    private String filters(String key, Map<String, String> labels) {
        if (labels.isEmpty()) return "";
        List<String> values = labels.entrySet().stream()
                .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue()).toList();
        return "?filters=" + encode(write(Map.of(key, values)));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        if (array != null && array.isArray()) array.forEach(out::add);
        return out;
    }

    private String write(Object value) {
        try {
            return value instanceof String s ? s : json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
