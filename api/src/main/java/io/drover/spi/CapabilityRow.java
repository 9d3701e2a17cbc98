package io.drover.spi;

import io.drover.api.Capability;
import io.drover.api.spec.ServiceSpec;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the {@link CapabilityTable}: for one capability, the spec fields that need it, how
 * lenient mode downgrades it and an example spec that needs it.
 *
 * @param capability the capability
 * @param fields the paths of the fields that can need it, {@code [*]} standing for any list index
 *        ({@code spec.secrets[*].env}); empty for capabilities of operations (rollback, logs, watch)
 * @param uses the concrete paths at which a given spec needs it; each matches one of {@code fields}
 * @param downgrade what lenient mode does instead, or null when there is no honest equivalent and
 *        the spec stays refused
 * @param example changes a base spec so that it needs the capability; null for operations
 */
public record CapabilityRow(Capability capability, List<String> fields, Uses uses, Step downgrade, Example example) {

    /** The paths at which a spec needs the row's capability, in document order. */
    @FunctionalInterface
    public interface Uses {
        List<String> paths(ServiceSpec spec);
    }

    /**
     * A lenient-mode downgrade, run only when the backend lacks the row's capability: returns the
     * spec to use instead (the same one when the spec does not use the capability) and records each
     * change it made.
     */
    @FunctionalInterface
    public interface Step {
        ServiceSpec apply(ServiceSpec spec, Set<Capability> missing, Recorder recorder);
    }

    /** Records one downgrade of the row's capability at a path. */
    @FunctionalInterface
    public interface Recorder {
        void record(String path, String action);
    }

    /**
     * Changes {@code b} (a builder of {@code base}) so that the spec needs the row's capability.
     * {@code base} is valid and declares a TCP port named {@code http} first; {@code healthPath} is
     * an HTTP path for probes.
     */
    @FunctionalInterface
    public interface Example {
        void change(ServiceSpec.Builder b, ServiceSpec base, String healthPath);
    }

    /** Checks that operation rows (no fields) have neither an example nor a downgrade, and field rows an example. */
    public CapabilityRow {
        Objects.requireNonNull(capability, "capability");
        fields = List.copyOf(fields);
        Objects.requireNonNull(uses, "uses");
        if (fields.isEmpty() && (example != null || downgrade != null)) {
            throw new IllegalArgumentException(capability + ": an operation capability has no example and no downgrade");
        }
        if (!fields.isEmpty() && example == null) throw new IllegalArgumentException(capability + ": needs an example spec");
    }

    /** True for capabilities of operations rather than spec fields. */
    public boolean isOperation() { return fields.isEmpty(); }

    /** True when lenient mode has a downgrade for the capability. */
    public boolean hasDowngrade() { return downgrade != null; }
}
