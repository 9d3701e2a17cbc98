package io.drover.backend.local;

import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.ServiceNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * The one place where the local backend's failures become Drover exceptions: a port in use becomes a
 * {@link ConflictException} naming the port (PORT_CONFLICT), file-system trouble with the state
 * directory a {@link BackendUnavailableException}, anything else a plain {@link DroverException}.
 * Drover exceptions pass through unchanged.
 */
final class LocalErrorMapper {
    static final String BACKEND = "local";

    private LocalErrorMapper() {}

    /** Maps {@code error}, raised by {@code operation} on {@code service} (may be null). */
    static DroverException map(Throwable error, String operation, String service) {
        Throwable e = unwrap(error);
        if (e instanceof DroverException d) return d;
        if (e instanceof BindException) {
            return new ConflictException("PORT_CONFLICT: " + e.getMessage(), BACKEND, operation, service, null, false, e);
        }
        if (e instanceof AccessDeniedException a) {
            return new BackendUnavailableException("no permission to write " + a.getFile()
                    + " in the local backend's state directory; choose another with LocalConfig.stateDirectory",
                    BACKEND, operation, service, null, false, e);
        }
        if (e instanceof FileSystemException f) {
            return new BackendUnavailableException("cannot use " + f.getFile() + ": " + f.getReason(),
                    BACKEND, operation, service, null, false, e);
        }
        if (e instanceof IOException) {
            return new BackendUnavailableException("I/O failure: " + e.getMessage(), BACKEND, operation, service, null, false, e);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new DroverException("interrupted", BACKEND, operation, service, null, false, e);
        }
        return new DroverException(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                BACKEND, operation, service, null, false, e);
    }

    /** The conflict thrown when a host port cannot be bound. */
    static ConflictException portInUse(String what, String host, int port, String operation, String service, Throwable cause) {
        return new ConflictException("PORT_CONFLICT: port " + port + " on " + host + " is already in use (" + what
                + "); pick another port or free it", BACKEND, operation, service, null, false, cause);
    }

    /** The not-found error for {@code service}. */
    static ServiceNotFoundException notFound(String operation, String service) {
        return new ServiceNotFoundException(BACKEND, operation, service);
    }

    /** The conflict thrown when a service has no previous revision to roll back to. */
    static ConflictException noPreviousRevision(String service, long revision) {
        return new ConflictException("service '" + service + "' has no previous revision to roll back to (current revision "
                + revision + ")", BACKEND, "rollback", service, null, false, null);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException
                || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
