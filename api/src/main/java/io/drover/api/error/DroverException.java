package io.drover.api.error;

/**
 * Root of Drover's unchecked exception hierarchy. It carries the backend, the operation and the
 * service involved, an optional native status code, and whether retrying the same call may succeed.
 * Messages never contain secret values.
 */
public class DroverException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String backend;
    private final String operation;
    private final String service;
    private final Integer statusCode;
    private final boolean retryable;

    public DroverException(String message) {
        this(message, null, null, null, null, false, null);
    }

    public DroverException(String message, Throwable cause) {
        this(message, null, null, null, null, false, cause);
    }

    /**
     * @param backend backend name, may be null when not known yet
     * @param operation the facade operation (apply, scale, ...), may be null
     * @param service the service name, may be null
     * @param statusCode the backend's native status code (HTTP status), may be null
     * @param retryable whether the same call may succeed when tried again
     */
    public DroverException(String message, String backend, String operation, String service,
            Integer statusCode, boolean retryable, Throwable cause) {
        super(message, cause);
        this.backend = backend;
        this.operation = operation;
        this.service = service;
        this.statusCode = statusCode;
        this.retryable = retryable;
    }

    /** The backend that failed, or null. */
    public String backend() { return backend; }

    /** The operation that failed (apply, scale, ...), or null. */
    public String operation() { return operation; }

    /** The service involved, or null. */
    public String service() { return service; }

    /** The backend's native status code (an HTTP status for all current backends), or null. */
    public Integer statusCode() { return statusCode; }

    /** True when the same call may succeed if tried again (the facade retries these). */
    public boolean isRetryable() { return retryable; }

    @Override
    public String getMessage() {
        StringBuilder prefix = new StringBuilder();
        if (backend != null) prefix.append(backend);
        if (operation != null) prefix.append(prefix.length() > 0 ? " " : "").append(operation);
        if (service != null) prefix.append(prefix.length() > 0 ? " " : "").append(service);
        String msg = super.getMessage();
        return prefix.length() == 0 ? msg : "[" + prefix + "] " + msg;
    }

    /** The message without the [backend operation service] prefix. */
    public String detail() { return super.getMessage(); }
}
