package io.drover.api.error;

import io.drover.api.Capability;
import io.drover.api.CapabilityUse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The chosen backend lacks a capability the spec or the operation needs. Thrown before anything
 * is created; lists every offending field.
 */
public class CapabilityNotSupportedException extends DroverException {
    private static final long serialVersionUID = 1L;
    private final transient List<CapabilityUse> uses;

    public CapabilityNotSupportedException(String backend, String service, List<CapabilityUse> uses) {
        this(backend, service, uses, null);
    }

    /** The same, with the native error that said so. */
    public CapabilityNotSupportedException(String backend, String service, List<CapabilityUse> uses, Throwable cause) {
        super(format(backend, uses), backend, "capability-check", service, null, false, cause);
        this.uses = List.copyOf(uses);
    }

    /** Each use of a missing capability, with the field path that needs it. */
    public List<CapabilityUse> uses() { return uses; }

    /** The distinct missing capabilities. */
    public List<Capability> missing() {
        return uses.stream().map(CapabilityUse::capability).distinct().toList();
    }

    private static String format(String backend, List<CapabilityUse> uses) {
        return "the " + backend + " backend cannot do what this spec asks (use lenient mode to downgrade where possible):\n"
                + uses.stream().map(u -> "  " + u.path() + ": needs " + u.capability().id() + " (" + u.capability().description() + ")")
                        .collect(Collectors.joining("\n"));
    }
}
