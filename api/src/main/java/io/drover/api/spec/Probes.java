package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The three probes; each may be null. {@code readiness} gates traffic, {@code liveness} restarts
 * an instance that fails it, {@code startup} holds the other two back until it first passes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Probes(Probe readiness, Probe liveness, Probe startup) {
    /** No probes. */
    public static final Probes NONE = new Probes(null, null, null);

    /** True when no probe is set. */
    @JsonIgnore
    public boolean isEmpty() { return readiness == null && liveness == null && startup == null; }
}
