package io.drover.api.error;

/**
 * The backend refused a change because of a concurrent modification or a state conflict
 * (Kubernetes 409, Swarm "update out of sequence"). Backends throw it as retryable; the facade
 * retries and rethrows it once its deadline has passed.
 */
public class ConflictException extends DroverException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message, String backend, String operation, String service,
            Integer statusCode, boolean retryable, Throwable cause) {
        super(message, backend, operation, service, statusCode, retryable, cause);
    }
}
