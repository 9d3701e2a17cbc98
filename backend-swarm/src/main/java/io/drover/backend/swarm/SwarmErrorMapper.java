package io.drover.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where docker-java's and the engine's errors become Drover's exceptions, in one
 * switch over the HTTP status:
 * <ul>
 *   <li>I/O (connection refused, reset, socket missing): {@link BackendUnavailableException}, retryable;</li>
 *   <li>503 "not a swarm manager" / "swarm is not initialized": {@link BackendUnavailableException} saying so;</li>
 *   <li>500 "update out of sequence" (a stale service version): {@link ConflictException}, retryable;</li>
 *   <li>404 for the service: {@link ServiceNotFoundException}; 404 for something the spec names
 *       (a secret, a network): {@link InvalidSpecException} with the engine's message;</li>
 *   <li>400: {@link ConflictException} when something is already in use (a published port), else
 *       {@link InvalidSpecException} with the engine's message;</li>
 *   <li>409: {@link ConflictException}, retryable (the facade re-reads and tries again);</li>
 *   <li>401/403: {@link BackendUnavailableException}, not retryable; 429 and other 5xx: retryable.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class SwarmErrorMapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATUS_PREFIX = Pattern.compile("^Status (\\d{3}): (.*)$", Pattern.DOTALL);
    private final String endpoint;

    /** A mapper whose connection errors name {@code endpoint} (the engine's address). */
    public SwarmErrorMapper(String endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Drover's exception for {@code error}, thrown by {@code operation} on {@code service} (null when
     * the operation concerns no one service). A {@link DroverException} is returned as it is.
     */
    public DroverException map(Throwable error, String operation, String service) {
        if (error instanceof DroverException d) return d;
        if (error instanceof DockerException de) {
            int status = de.getHttpStatus();
            String message = engineMessage(de);
            String lower = message.toLowerCase(Locale.ROOT);
            return switch (status) {
                case 404 -> isAboutService(lower, service)
                        ? new ServiceNotFoundException(SwarmBackend.NAME, operation, service)
                        : invalid(message, de);
                case 400 -> lower.contains("already in use") || lower.contains("conflict")
                        ? new ConflictException(message, SwarmBackend.NAME, operation, service, status, false, de)
                        : invalid(message, de);
                case 409 -> new ConflictException(message, SwarmBackend.NAME, operation, service, status, true, de);
                case 401, 403 -> new BackendUnavailableException("the Docker engine at " + endpoint + " refused us: " + message,
                        SwarmBackend.NAME, operation, service, status, false, de);
                case 503 -> lower.contains("swarm") && (lower.contains("not a swarm manager") || lower.contains("not part of a swarm")
                                || lower.contains("not initialized") || lower.contains("swarm init"))
                        ? new BackendUnavailableException("the Docker engine at " + endpoint + " is not a swarm manager (" + message
                                + "); run 'docker swarm init' there or point DOCKER_HOST at a manager",
                                SwarmBackend.NAME, operation, service, status, false, de)
                        : new BackendUnavailableException("the Docker engine at " + endpoint + " is unavailable: " + message,
                                SwarmBackend.NAME, operation, service, status, true, de);
                case 500 -> lower.contains("update out of sequence")
                        ? new ConflictException("the service changed concurrently (" + message + ")",
                                SwarmBackend.NAME, operation, service, status, true, de)
                        : new BackendUnavailableException("the Docker engine at " + endpoint + " failed: " + message,
                                SwarmBackend.NAME, operation, service, status, true, de);
                case 429 -> new BackendUnavailableException("the Docker engine at " + endpoint + " is busy: " + message,
                        SwarmBackend.NAME, operation, service, status, true, de);
                default -> status >= 500
                        ? new BackendUnavailableException("the Docker engine at " + endpoint + " failed: " + message,
                                SwarmBackend.NAME, operation, service, status, true, de)
                        : new BackendUnavailableException("the Docker engine at " + endpoint + " answered " + status + ": " + message,
                                SwarmBackend.NAME, operation, service, status > 0 ? status : null, false, de);
            };
        }
        IOException io = ioCause(error);
        if (io != null) {
            return new BackendUnavailableException("cannot reach the Docker engine at " + endpoint + ": " + io,
                    SwarmBackend.NAME, operation, service, null, true, error);
        }
        if (error instanceof DockerClientException) {
            return new BackendUnavailableException("the Docker client failed for " + endpoint + ": " + error.getMessage(),
                    SwarmBackend.NAME, operation, service, null, false, error);
        }
        return new DroverException("unexpected failure talking to the Docker engine at " + endpoint + ": " + error,
                SwarmBackend.NAME, operation, service, null, false, error);
    }

    /** The engine's own message: the {@code message} of its JSON error body, without docker-java's "Status N:" prefix. */
    static String engineMessage(DockerException e) {
        String text = e.getMessage() == null ? "" : e.getMessage().trim();
        for (Matcher m = STATUS_PREFIX.matcher(text); m.matches(); m = STATUS_PREFIX.matcher(text)) {
            text = m.group(2).trim(); // docker-java prefixes "Status N: " to the engine's body
        }
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node.hasNonNull("message")) return node.get("message").asText();
            } catch (IOException ignored) {
                // not JSON after all: keep the text
            }
        }
        return text.isEmpty() ? "HTTP " + e.getHttpStatus() : text;
    }

    private static boolean isAboutService(String lower, String service) {
        if (service == null) return lower.contains("service");
        return lower.contains("service") || lower.contains(service.toLowerCase(Locale.ROOT)) || lower.startsWith("no such");
    }

    private static InvalidSpecException invalid(String message, Throwable cause) {
        String path = message.toLowerCase(Locale.ROOT).contains("secret") ? "spec.secrets"
                : message.toLowerCase(Locale.ROOT).contains("network") ? "spec.extensions.swarm.networks"
                : message.toLowerCase(Locale.ROOT).contains("port") ? "spec.ports" : "spec";
        return new InvalidSpecException(List.of(new Violation(path, "the Docker engine refused it: " + message)), cause);
    }

    private static IOException ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io) return io;
            if (c instanceof UncheckedIOException u) return u.getCause();
            if (c.getCause() == c) break;
        }
        return null;
    }
}
