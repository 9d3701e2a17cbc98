package io.drover.spi.support;

import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ServiceSpec;

/**
 * The one rule for how an exposure lives across applies and rollbacks, which every backend follows:
 * <ul>
 *   <li>an applied spec without {@code expose} keeps the service's current exposure;</li>
 *   <li>{@code expose: {type: none}} removes it;</li>
 *   <li>a rollback, manual or automatic, goes back to the previous template but keeps the current
 *       exposure: it never drops or changes an exposure.</li>
 * </ul>
 * An exposure is not part of a revision: changing it alone does not make a new revision.
 */
public final class ExposureRule {
    private ExposureRule() {}

    /**
     * The spec to apply: {@code applied} with its exposure resolved against what the service has
     * now ({@code current}, the spec applied before, or null for a new service).
     */
    public static ServiceSpec resolve(ServiceSpec applied, ServiceSpec current) {
        return resolve(applied, current == null ? null : current.exposeOrNone());
    }

    /** {@link #resolve(ServiceSpec, ServiceSpec)} for a backend that keeps the exposure apart (null: none now). */
    public static ServiceSpec resolve(ServiceSpec applied, ExposeSpec currentExposure) {
        if (applied.expose() != null) return applied;
        return applied.withExpose(currentExposure == null ? ExposeSpec.NONE : currentExposure);
    }

    /** The spec a rollback goes to: the previous template, with the current exposure. */
    public static ServiceSpec rollback(ServiceSpec previous, ServiceSpec current) {
        return previous.withExpose(current == null ? previous.exposeOrNone() : current.exposeOrNone());
    }

    /** The spec with a concrete exposure (none when unset), as translators and fingerprints see it. */
    public static ServiceSpec concrete(ServiceSpec spec) {
        return spec.expose() != null ? spec : spec.withExpose(ExposeSpec.NONE);
    }
}
