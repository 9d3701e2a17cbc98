package io.drover.spi;

/** Label keys Drover puts on everything it creates, on every backend. */
public final class Labels {
    private Labels() {}

    /** {@code io.drover/managed-by=drover}: Drover created this. */
    public static final String MANAGED_BY = "io.drover/managed-by";
    /** The value of {@link #MANAGED_BY}. */
    public static final String MANAGED_BY_VALUE = "drover";
    /** {@code io.drover/service=<name>}: which service this belongs to. */
    public static final String SERVICE = "io.drover/service";
    /** {@code io.drover/revision=<n>}: the revision of the service's template. */
    public static final String REVISION = "io.drover/revision";
    /** {@code io.drover/spec-hash=<hex>}: fingerprint of the template, to make apply idempotent. */
    public static final String SPEC_HASH = "io.drover/spec-hash";
    /** Prefix reserved for Drover's own labels; user labels must not use it. */
    public static final String PREFIX = "io.drover/";

    /** Whether these labels (or a service's status labels) say Drover manages it. */
    public static boolean isManaged(java.util.Map<String, String> labels) {
        return labels != null && MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY));
    }
}
