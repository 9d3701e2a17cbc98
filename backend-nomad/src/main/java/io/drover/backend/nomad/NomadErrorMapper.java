package io.drover.backend.nomad;

import com.hashicorp.nomad.javasdk.ErrorResponseException;
import com.hashicorp.nomad.javasdk.NomadException;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The one place where Nomad's errors (from the raw HTTP client and from the nomad-sdk) become
 * Drover's exceptions, by HTTP status:
 * <ul>
 *   <li>I/O (connection refused, reset, timeout): {@link BackendUnavailableException}, retryable,
 *       naming the address and the request tried; TLS failures are not retryable and name
 *       NOMAD_CACERT / NOMAD_CLIENT_CERT / NOMAD_SKIP_VERIFY;</li>
 *   <li>400 "job not found" / 404 for the service: {@link ServiceNotFoundException};</li>
 *   <li>400 while a deployment is active (the scale API refuses then): {@link ConflictException},
 *       retryable; other 400 (a job Nomad refuses): {@link InvalidSpecException} with one violation
 *       per error of Nomad's multi-error message;</li>
 *   <li>401/403: {@link BackendUnavailableException}, not retryable, naming NOMAD_TOKEN;</li>
 *   <li>409 (a check-and-set index that moved): {@link ConflictException}, retryable;</li>
 *   <li>429 and 5xx: {@link BackendUnavailableException}, retryable.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class NomadErrorMapper {
    private final String address;

    /** A mapper whose messages name the agent at {@code address}. */
    public NomadErrorMapper(String address) {
        this.address = address;
    }

    /** Drover's exception for {@code error} of {@code operation} on {@code service} (null when none); DroverExceptions pass as they are. */
    public DroverException map(Throwable error, String operation, String service) {
        if (error instanceof DroverException d) return d;
        if (error instanceof NomadHttpException h) return byStatus(h.status(), h.body(), h.request(), operation, service, h);
        if (error instanceof ErrorResponseException e) {
            return byStatus(e.getServerErrorCode(), e.getServerErrorMessage(), "the request", operation, service, e);
        }
        SSLException tls = cause(error, SSLException.class);
        if (tls != null) {
            return new BackendUnavailableException("TLS with the Nomad agent at " + address + " failed (" + tls.getMessage()
                    + "); check NOMAD_CACERT, NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY, or NOMAD_SKIP_VERIFY for a test agent",
                    NomadBackend.NAME, operation, service, null, false, error);
        }
        IOException io = cause(error, IOException.class);
        if (io == null && error instanceof UncheckedIOException u) io = u.getCause();
        if (io != null) {
            return new BackendUnavailableException("cannot reach the Nomad agent at " + address + " (NOMAD_ADDR): " + io,
                    NomadBackend.NAME, operation, service, null, true, error);
        }
        if (error instanceof NomadException) {
            return new BackendUnavailableException("the Nomad API call failed at " + address + ": " + error.getMessage(),
                    NomadBackend.NAME, operation, service, null, false, error);
        }
        return new DroverException("unexpected failure talking to the Nomad agent at " + address + ": " + error,
                NomadBackend.NAME, operation, service, null, false, error);
    }

    private DroverException byStatus(int status, String message, String request, String operation, String service, Throwable cause) {
        String msg = message == null || message.isBlank() ? "HTTP " + status : message.strip();
        String lower = msg.toLowerCase(Locale.ROOT);
        switch (status) {
            case 400:
                if (service != null && lower.contains("not found") && (lower.contains("job") || lower.contains("deployment"))) {
                    return new ServiceNotFoundException(NomadBackend.NAME, operation, service);
                }
                if (lower.contains("active deployment") || lower.contains("scaling blocked")) {
                    return new ConflictException("Nomad refuses this while a deployment is running (" + msg + ")",
                            NomadBackend.NAME, operation, service, status, true, cause);
                }
                return new InvalidSpecException(violations(msg), cause);
            case 401:
            case 403:
                return new BackendUnavailableException("the Nomad agent at " + address + " refused " + request + ": " + msg
                        + " (check NOMAD_TOKEN and its ACL policy)", NomadBackend.NAME, operation, service, status, false, cause);
            case 404:
                if (service != null) return new ServiceNotFoundException(NomadBackend.NAME, operation, service);
                return new BackendUnavailableException("the Nomad agent at " + address + " has no " + request + " (" + msg + ")",
                        NomadBackend.NAME, operation, service, status, false, cause);
            case 409:
                return new ConflictException("the Nomad object changed concurrently (" + msg + ")",
                        NomadBackend.NAME, operation, service, status, true, cause);
            default:
                boolean retryable = status == 429 || status >= 500;
                return new BackendUnavailableException("the Nomad agent at " + address + " answered " + status + " to " + request
                        + ": " + msg, NomadBackend.NAME, operation, service, status, retryable, cause);
        }
    }

    /** One violation per error of Nomad's "N errors occurred:\n\t* ..." message (or the message itself). */
    static List<Violation> violations(String message) {
        List<Violation> out = new ArrayList<>();
        for (String line : message.split("\n")) {
            String l = line.strip();
            if (l.startsWith("* ")) out.add(new Violation("spec", "Nomad refused the job: " + l.substring(2).strip()));
        }
        if (out.isEmpty()) out.add(new Violation("spec", "Nomad refused the job: " + message));
        return out;
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return type.cast(c);
            if (c.getCause() == c) break;
        }
        return null;
    }
}
