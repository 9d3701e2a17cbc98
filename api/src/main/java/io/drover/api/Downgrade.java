package io.drover.api;

/**
 * What lenient mode did instead of refusing a spec: the field, the capability the backend lacks,
 * and what was done ("liveness merged into the single health check", "limits ignored").
 */
public record Downgrade(String path, Capability capability, String action) {
    @Override
    public String toString() { return path + ": " + action + " (backend lacks " + capability.id() + ")"; }
}
