package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A port the service listens on. {@code name} is how probes and {@code expose} refer to it
 * (DNS-1123 label, at most 15 characters). {@code hostPort}, when set, pins the port on the host
 * instead of letting the backend choose a free one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortSpec(String name, int containerPort, Protocol protocol, Integer hostPort) {
    public PortSpec {
        if (protocol == null) protocol = Protocol.TCP;
    }

    /** A TCP port with a backend-chosen host port. */
    public static PortSpec tcp(String name, int containerPort) {
        return new PortSpec(name, containerPort, Protocol.TCP, null);
    }

    /** A UDP port with a backend-chosen host port. */
    public static PortSpec udp(String name, int containerPort) {
        return new PortSpec(name, containerPort, Protocol.UDP, null);
    }

    /** This port pinned to the given host port. */
    public PortSpec withHostPort(int port) {
        return new PortSpec(name, containerPort, protocol, port);
    }
}
