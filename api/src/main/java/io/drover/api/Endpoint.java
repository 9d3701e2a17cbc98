package io.drover.api;

import io.drover.api.spec.ExposeType;
import io.drover.api.spec.Protocol;

/** A reachable address of an exposed service: {@code host:port} for the exposed port {@code name}. */
public record Endpoint(String name, String host, int port, Protocol protocol, ExposeType type) {
    /** {@code host:port}. */
    public String address() { return host + ":" + port; }

    /** {@code http://host:port} (brackets around IPv6 hosts). */
    public String url() { return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port; }
}
