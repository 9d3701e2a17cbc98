package io.drover.api.error;

/** The named service does not exist on the backend. */
public class ServiceNotFoundException extends DroverException {
    private static final long serialVersionUID = 1L;

    public ServiceNotFoundException(String backend, String operation, String service) {
        super("service '" + service + "' not found", backend, operation, service, 404, false, null);
    }
}
