package io.drover.api;

import io.drover.api.spec.Protocol;

/** Where a declared port of one instance is reachable: {@code host:hostPort}. */
public record PortBinding(String name, int containerPort, String host, int hostPort, Protocol protocol) {
    /** {@code host:port}. */
    public String address() { return host + ":" + hostPort; }
}
