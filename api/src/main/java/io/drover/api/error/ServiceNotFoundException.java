package io.drover.api.error;

/** The named service does not exist on the backend. */
public class ServiceNotFoundException extends DroverException {
    private static final long serialVersionUID = 1L;

    public ServiceNotFoundException(String backend, String operation, String service) {
        this(backend, operation, service, null);
    }

    /** The same, with the native error that said so. */
    public ServiceNotFoundException(String backend, String operation, String service, Throwable cause) {
        super("service '" + service + "' not found", backend, operation, service, 404, false, cause);
    }
}
