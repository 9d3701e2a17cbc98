package io.drover.api.error;

import io.drover.api.spec.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** A spec is invalid. It lists every violation at once, each with its JSON path and reason. */
public class InvalidSpecException extends DroverException {
    private static final long serialVersionUID = 1L;
    private final transient List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        this(violations, null);
    }

    public InvalidSpecException(List<Violation> violations, Throwable cause) {
        super(format(violations), null, "validate", null, null, false, cause);
        this.violations = List.copyOf(violations);
    }

    /** Every violation found, in document order; never empty. */
    public List<Violation> violations() { return violations; }

    private static String format(List<Violation> violations) {
        if (violations.isEmpty()) throw new IllegalArgumentException("no violations");
        return "invalid spec (" + violations.size() + (violations.size() == 1 ? " problem" : " problems") + "):\n"
                + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
    }
}
