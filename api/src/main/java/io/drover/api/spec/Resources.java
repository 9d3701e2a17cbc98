package io.drover.api.spec;

/** What each instance reserves ({@code requests}) and may at most use ({@code limits}). */
public record Resources(ResourceAmounts requests, ResourceAmounts limits) {
    /** No requests, no limits. */
    public static final Resources NONE = new Resources(ResourceAmounts.NONE, ResourceAmounts.NONE);

    public Resources {
        if (requests == null) requests = ResourceAmounts.NONE;
        if (limits == null) limits = ResourceAmounts.NONE;
    }

    /** True when nothing is requested or limited. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() { return requests.isEmpty() && limits.isEmpty(); }
}
