package io.drover.spi;

import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.spec.ServiceSpec;
import java.util.List;
import java.util.Set;

/**
 * The generic lenient-mode downgrades: for each missing capability, the nearest thing any backend
 * can do, recorded as a {@link Downgrade}. Some capabilities have no honest equivalent (running an
 * image's entrypoint, UDP, secret delivery): those stay missing and the facade still refuses them.
 * Each downgrade is the one in the capability's row of {@link CapabilityTable}.
 */
public final class Downgrades {
    private Downgrades() {}

    /** Applies the generic downgrades for {@code missing} and records each in {@code out}. */
    public static ServiceSpec generic(ServiceSpec spec, Set<Capability> missing, List<Downgrade> out) {
        return CapabilityTable.downgrade(spec, missing, out);
    }
}
