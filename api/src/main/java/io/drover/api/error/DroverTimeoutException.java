package io.drover.api.error;

import io.drover.api.ServiceStatus;
import java.time.Duration;

/** A wait ran out of time. It carries the last status seen, with its problems. */
public class DroverTimeoutException extends DroverException {
    private static final long serialVersionUID = 1L;
    private final transient ServiceStatus lastStatus;

    public DroverTimeoutException(String backend, String operation, String service, Duration timeout, ServiceStatus lastStatus) {
        super("timed out after " + timeout.toMillis() + " ms" + (lastStatus == null ? "" : "; last status: " + lastStatus.summary()),
                backend, operation, service, null, false, null);
        this.lastStatus = lastStatus;
    }

    /** The last status observed before the deadline, or null if the service was never seen. */
    public ServiceStatus lastStatus() { return lastStatus; }
}
