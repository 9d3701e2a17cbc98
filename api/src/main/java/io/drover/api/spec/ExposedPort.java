package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One exposed port: the service-level {@code port} forwards to {@code targetPort}, which names a
 * declared port (or gives its number as text). {@code nodePort} pins the node port where the type
 * uses one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExposedPort(int port, String targetPort, Integer nodePort) {
    /** Expose {@code port}, forwarding to the declared port named {@code targetPort}. */
    public static ExposedPort of(int port, String targetPort) {
        return new ExposedPort(port, targetPort, null);
    }
}
