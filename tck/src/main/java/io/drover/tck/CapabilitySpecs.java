package io.drover.tck;

import io.drover.api.Capability;
import io.drover.api.spec.ServiceSpec;
import io.drover.spi.CapabilityTable;
import java.util.Optional;

/**
 * Valid specs that need one given capability: the TCK uses them to check that a backend lacking it
 * refuses the spec before anything is created. They are the examples of {@link CapabilityTable}.
 * Operation capabilities (rollback, logs, watch) have no spec form.
 */
public final class CapabilitySpecs {
    private CapabilitySpecs() {}

    /**
     * {@code base} changed so that it needs {@code capability} (and possibly others), or empty for
     * capabilities that belong to operations rather than spec fields.
     *
     * @param base a valid spec with a TCP port named {@code http}
     * @param healthPath an HTTP path for probes
     */
    public static Optional<ServiceSpec> needing(Capability capability, ServiceSpec base, String healthPath) {
        return CapabilityTable.example(capability, base, healthPath);
    }
}
