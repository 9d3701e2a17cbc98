package io.drover.api;

import java.util.List;

/**
 * What {@code apply} did: the service, the revision now desired, whether anything changed, and the
 * downgrades lenient mode made (empty in strict mode).
 */
public record ApplyResult(String name, long revision, Change change, List<Downgrade> downgrades) {
    public ApplyResult {
        downgrades = downgrades == null ? List.of() : List.copyOf(downgrades);
    }

    /** An apply result without downgrades. */
    public static ApplyResult of(String name, long revision, Change change) {
        return new ApplyResult(name, revision, change, List.of());
    }

    /** This result with the given downgrades. */
    public ApplyResult withDowngrades(List<Downgrade> d) { return new ApplyResult(name, revision, change, d); }

    /** What apply did to the service. */
    public enum Change {
        /** The service did not exist and was created. */
        CREATED,
        /** The template changed: a new revision rolls out. */
        UPDATED,
        /** Only the replica count changed: no new revision. */
        SCALED,
        /** Nothing changed: the apply was a no-op. */
        UNCHANGED
    }
}
