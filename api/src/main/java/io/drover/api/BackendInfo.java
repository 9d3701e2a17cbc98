package io.drover.api;

import java.util.Map;
import java.util.Set;

/**
 * What a backend is: its name, the client library's version, the server's version (null when not
 * connected), its capabilities, and other facts (API version, node count, ...).
 */
public record BackendInfo(String name, String clientVersion, String serverVersion, Set<Capability> capabilities,
        Map<String, String> details) {
    public BackendInfo {
        capabilities = Set.copyOf(capabilities);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** True when the backend has this capability. */
    public boolean has(Capability c) { return capabilities.contains(c); }
}
