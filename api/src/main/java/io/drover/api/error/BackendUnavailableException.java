package io.drover.api.error;

/**
 * The backend cannot be reached or refuses us: I/O, authentication, TLS, a server error, or an
 * engine in the wrong mode. The message says what was tried.
 */
public class BackendUnavailableException extends DroverException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, String backend, String operation, String service,
            Integer statusCode, boolean retryable, Throwable cause) {
        super(message, backend, operation, service, statusCode, retryable, cause);
    }
}
