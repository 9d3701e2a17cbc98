package io.drover.cli.daemon;

import io.drover.api.CapabilityUse;
import io.drover.api.ServiceStatus;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.DroverTimeoutException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.Violation;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exception as it crosses the control channel: the daemon turns what its backend threw into
 * this body and an HTTP status, and {@link DaemonBackend} turns it back into the same
 * {@link DroverException} type with its violations, capability uses, status code and retryability.
 * The one place where daemon errors are mapped, both ways.
 */
record WireError(String type, String message, String backend, String operation, String service, Integer statusCode,
        boolean retryable, List<Violation> violations, List<CapabilityUse> uses, ServiceStatus lastStatus) {

    private static final Pattern TIMEOUT = Pattern.compile("timed out after (\\d+) ms");

    /** The body for {@code e}; anything that is not a DroverException becomes a plain one naming its class. */
    static WireError of(Throwable e) {
        if (e instanceof InvalidSpecException i) {
            return new WireError("InvalidSpec", i.detail(), i.backend(), i.operation(), i.service(), i.statusCode(), i.isRetryable(),
                    i.violations(), null, null);
        }
        if (e instanceof CapabilityNotSupportedException c) {
            return new WireError("CapabilityNotSupported", c.detail(), c.backend(), c.operation(), c.service(), c.statusCode(),
                    c.isRetryable(), null, c.uses(), null);
        }
        if (e instanceof DroverException d) {
            String type = d instanceof ServiceNotFoundException ? "ServiceNotFound"
                    : d instanceof ConflictException ? "Conflict"
                    : d instanceof BackendUnavailableException ? "BackendUnavailable"
                    : d instanceof DroverTimeoutException ? "Timeout" : "Drover";
            ServiceStatus last = d instanceof DroverTimeoutException t ? t.lastStatus() : null;
            return new WireError(type, d.detail(), d.backend(), d.operation(), d.service(), d.statusCode(), d.isRetryable(), null, null, last);
        }
        String text = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new WireError("Drover", "the daemon failed: " + text, null, null, null, null, false, null, null, null);
    }

    /** The HTTP status the daemon answers with for this error. */
    int httpStatus() {
        return switch (type) {
            case "InvalidSpec" -> 400;
            case "ServiceNotFound" -> 404;
            case "Conflict" -> 409;
            case "CapabilityNotSupported" -> 422;
            case "BackendUnavailable" -> 503;
            case "Timeout" -> 504;
            default -> 500;
        };
    }

    /** The exception this body stands for, of the same type as the one the daemon's backend threw. */
    DroverException toException() {
        return switch (type) {
            case "InvalidSpec" -> violations == null || violations.isEmpty()
                    ? new DroverException(message, backend, operation, service, statusCode, retryable, null)
                    : new InvalidSpecException(violations);
            case "CapabilityNotSupported" -> new CapabilityNotSupportedException(backend, service, uses == null ? List.of() : uses);
            case "ServiceNotFound" -> new ServiceNotFoundException(backend, operation, service);
            case "Conflict" -> new ConflictException(message, backend, operation, service, statusCode, retryable, null);
            case "BackendUnavailable" -> new BackendUnavailableException(message, backend, operation, service, statusCode, retryable, null);
            case "Timeout" -> new DroverTimeoutException(backend, operation, service, timeoutOf(message), lastStatus);
            default -> new DroverException(message, backend, operation, service, statusCode, retryable, null);
        };
    }

    private static Duration timeoutOf(String message) {
        Matcher m = TIMEOUT.matcher(message == null ? "" : message);
        return m.find() ? Duration.ofMillis(Long.parseLong(m.group(1))) : Duration.ZERO;
    }
}
