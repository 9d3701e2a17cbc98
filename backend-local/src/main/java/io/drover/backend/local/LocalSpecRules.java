package io.drover.backend.local;

import io.drover.api.spec.LocalExtension;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import io.drover.spi.support.SpecRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rule of the local backend, in one place: the values of {@code spec.extensions.local}
 * ({@link #extension}, which hold wherever the spec is applied). The local backend has no limits
 * beyond those (what it cannot do at all is a capability it does not declare), so {@link #validate}
 * reports the same. Both take a spec that may still have neutral violations. Stateless and thread-safe.
 */
public final class LocalSpecRules {
    private LocalSpecRules() {}

    /** Every violation of the local backend's rules; empty when it has no objection. */
    public static List<Violation> validate(ServiceSpec spec) {
        return extension(spec);
    }

    /** Every violation in {@code spec.extensions.local}; empty when the section is absent or valid. */
    public static List<Violation> extension(ServiceSpec spec) {
        List<Violation> v = new ArrayList<>();
        LocalExtension l = spec.extensions().local();
        if (l == null) return v;
        if (l.workingDirectory() != null && l.workingDirectory().isBlank()) v.add(new Violation("spec.extensions.local.workingDirectory", "must not be empty"));
        else if (l.workingDirectory() != null) SpecRules.printable(l.workingDirectory(), "spec.extensions.local.workingDirectory", v);
        if (l.stopTimeoutSeconds() != null && l.stopTimeoutSeconds() < 0) v.add(new Violation("spec.extensions.local.stopTimeoutSeconds", "must be 0 or more, was " + l.stopTimeoutSeconds()));
        return v;
    }
}
