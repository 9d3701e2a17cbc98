package io.drover.api;

/** A capability needed at a spec field ({@code spec.probes.liveness}). */
public record CapabilityUse(Capability capability, String path) {}
