package io.drover.api;

import java.util.Map;

/**
 * Which services {@code list} and {@code watch} see: those carrying all the given labels, and only
 * Drover-managed ones unless {@code includeUnmanaged}.
 */
public record Selector(Map<String, String> labels, boolean includeUnmanaged) {
    public Selector {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Every Drover-managed service. */
    public static Selector all() { return new Selector(Map.of(), false); }

    /** Drover-managed services with this label. */
    public static Selector label(String key, String value) { return new Selector(Map.of(key, value), false); }

    /** This selector, also matching services Drover did not create. */
    public Selector includingUnmanaged() { return new Selector(labels, true); }

    /** True when the labels match this selector's labels (managed-ness is checked by the backend). */
    public boolean matches(Map<String, String> serviceLabels) {
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(serviceLabels.get(e.getKey())));
    }
}
