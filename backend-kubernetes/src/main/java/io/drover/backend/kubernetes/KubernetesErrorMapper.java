package io.drover.backend.kubernetes;

import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.Violation;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The one place where fabric8's and the API server's errors become Drover's exceptions, by the
 * HTTP status of {@link KubernetesClientException#getCode()}:
 * <ul>
 *   <li>no status and an I/O or timeout cause (refused, reset, TLS): {@link BackendUnavailableException},
 *       retryable, naming the API server and the configuration tried;</li>
 *   <li>404 for the service's own objects: {@link ServiceNotFoundException}; 404 for something else
 *       (a namespace): {@link InvalidSpecException} naming it;</li>
 *   <li>409 (a stale resourceVersion, an object that already exists, an apply conflict):
 *       {@link ConflictException}, retryable;</li>
 *   <li>400 and 422: {@link InvalidSpecException} with each cause the server lists as a path;</li>
 *   <li>401 and 403: {@link BackendUnavailableException}, not retryable (credentials or RBAC);</li>
 *   <li>429 and 5xx: {@link BackendUnavailableException}, retryable.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class KubernetesErrorMapper {
    private final String endpoint;

    /** A mapper whose connection errors name {@code endpoint} (the API server and where its config came from). */
    public KubernetesErrorMapper(String endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Drover's exception for {@code error}, thrown by {@code operation} on {@code service} (null when
     * the operation concerns no one service). A {@link DroverException} is returned as it is.
     */
    public DroverException map(Throwable error, String operation, String service) {
        if (error instanceof DroverException d) return d;
        String backend = KubernetesBackend.NAME;
        if (error instanceof KubernetesClientTimeoutException) {
            return new BackendUnavailableException("the Kubernetes API server at " + endpoint + " did not answer in time: "
                    + error.getMessage(), backend, operation, service, null, true, error);
        }
        if (error instanceof KubernetesClientException ke && ke.getCode() > 0) {
            int code = ke.getCode();
            String message = serverMessage(ke);
            return switch (code) {
                case 404 -> isAboutService(ke, service)
                        ? new ServiceNotFoundException(backend, operation, service)
                        : new InvalidSpecException(List.of(new Violation(pathOfMissing(ke), "the Kubernetes API server has no "
                                + describeMissing(ke) + ": " + message)), ke);
                case 409 -> new ConflictException("the object changed concurrently or already exists (" + message + ")",
                        backend, operation, service, code, true, ke);
                case 400, 422 -> new InvalidSpecException(violations(ke, message), ke);
                case 401, 403 -> new BackendUnavailableException("the Kubernetes API server at " + endpoint + " refused us ("
                        + code + "): " + message + "; check the kubeconfig's credentials and the account's RBAC permissions",
                        backend, operation, service, code, false, ke);
                case 429 -> new BackendUnavailableException("the Kubernetes API server at " + endpoint + " is throttling us: " + message,
                        backend, operation, service, code, true, ke);
                default -> code >= 500
                        ? new BackendUnavailableException("the Kubernetes API server at " + endpoint + " failed (" + code + "): " + message,
                                backend, operation, service, code, true, ke)
                        : new DroverException("the Kubernetes API server at " + endpoint + " answered " + code + ": " + message,
                                backend, operation, service, code, false, ke);
            };
        }
        Throwable io = ioCause(error);
        if (io != null) {
            return new BackendUnavailableException("cannot reach the Kubernetes API server at " + endpoint + ": " + io,
                    backend, operation, service, null, true, error);
        }
        if (error instanceof KubernetesClientException) {
            return new BackendUnavailableException("the Kubernetes client failed for " + endpoint + ": " + error.getMessage(),
                    backend, operation, service, null, false, error);
        }
        return new DroverException("unexpected failure talking to the Kubernetes API server at " + endpoint + ": " + error,
                backend, operation, service, null, false, error);
    }

    /** The server's own message ({@code Status.message}), else the exception's. */
    static String serverMessage(KubernetesClientException e) {
        Status s = e.getStatus();
        if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) return s.getMessage();
        return e.getMessage() == null ? "HTTP " + e.getCode() : e.getMessage();
    }

    private static boolean isAboutService(KubernetesClientException e, String service) {
        if (service == null) return false;
        String kind = kindOf(e);
        String name = e.getName() != null ? e.getName()
                : e.getStatus() != null && e.getStatus().getDetails() != null ? e.getStatus().getDetails().getName() : null;
        if (kind != null && kind.startsWith("namespace")) return false;
        return name == null || name.equals(service) || name.startsWith(service);
    }

    private static String kindOf(KubernetesClientException e) {
        if (e.getResourcePlural() != null) return e.getResourcePlural().toLowerCase(Locale.ROOT);
        Status s = e.getStatus();
        if (s != null && s.getDetails() != null && s.getDetails().getKind() != null) return s.getDetails().getKind().toLowerCase(Locale.ROOT);
        return null;
    }

    private static String describeMissing(KubernetesClientException e) {
        String kind = kindOf(e);
        String name = e.getStatus() != null && e.getStatus().getDetails() != null ? e.getStatus().getDetails().getName() : e.getName();
        return (kind == null ? "object" : kind) + (name == null ? "" : " '" + name + "'");
    }

    private static String pathOfMissing(KubernetesClientException e) {
        String kind = kindOf(e);
        if (kind == null) return "spec";
        if (kind.startsWith("namespace")) return "metadata.namespace";
        if (kind.startsWith("secret")) return "spec.secrets";
        if (kind.startsWith("serviceaccount")) return "spec.extensions.kubernetes.serviceAccount";
        return "spec";
    }

    private static List<Violation> violations(KubernetesClientException e, String message) {
        List<Violation> out = new ArrayList<>();
        Status s = e.getStatus();
        if (s != null && s.getDetails() != null && s.getDetails().getCauses() != null) {
            for (StatusCause c : s.getDetails().getCauses()) {
                String field = c.getField() == null || c.getField().isBlank() ? "spec" : "native." + c.getField();
                String why = c.getMessage() == null ? String.valueOf(c.getReason()) : c.getMessage();
                out.add(new Violation(field, "the Kubernetes API server refused it: " + why));
            }
        }
        if (out.isEmpty()) out.add(new Violation("spec", "the Kubernetes API server refused it: " + message));
        return out;
    }

    private static Throwable ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof TimeoutException) return c;
            if (c instanceof UncheckedIOException u) return u.getCause();
            if (c.getCause() == c) break;
        }
        return null;
    }
}
