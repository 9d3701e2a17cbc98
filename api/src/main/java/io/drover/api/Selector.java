package io.drover.api;

import java.util.Map;

/**
 * Which services {@code list} and {@code watch} see: those in {@code namespace} (null: the
 * facade's, by default the backend's default namespace), with this name (or any, when {@code name}
 * is null), carrying all the given labels, and only Drover-managed ones unless
 * {@code includeUnmanaged}.
 */
public record Selector(String namespace, String name, Map<String, String> labels, boolean includeUnmanaged) {
    public Selector {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Services of any name carrying these labels, in the facade's namespace. */
    public Selector(Map<String, String> labels, boolean includeUnmanaged) {
        this(null, null, labels, includeUnmanaged);
    }

    /** Every Drover-managed service. */
    public static Selector all() { return new Selector(null, null, Map.of(), false); }

    /** Drover-managed services with this label. */
    public static Selector label(String key, String value) { return new Selector(null, null, Map.of(key, value), false); }

    /** The service with this name, managed by Drover or not. */
    public static Selector named(String name) { return new Selector(null, name, Map.of(), true); }

    /** This selector, also matching services Drover did not create. */
    public Selector includingUnmanaged() { return new Selector(namespace, name, labels, true); }

    /** This selector's namespace, or {@code fallback} (the backend's default) when it names none. */
    public String namespaceOr(String fallback) {
        return namespace == null ? fallback : namespace;
    }

    /** This selector with its namespace resolved: its own, else {@code fallback}. */
    public Selector withNamespaceOr(String fallback) {
        return namespace == null ? inNamespace(fallback) : this;
    }

    /** This selector, in this namespace (null: the facade's). */
    public Selector inNamespace(String ns) { return new Selector(ns, name, labels, includeUnmanaged); }

    /** True when the labels match this selector's labels (managed-ness is checked by the backend). */
    public boolean matches(Map<String, String> serviceLabels) {
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(serviceLabels.get(e.getKey())));
    }

    /** True when the name and the labels match (the namespace and managed-ness are checked by the backend). */
    public boolean matches(String serviceName, Map<String, String> serviceLabels) {
        return (name == null || name.equals(serviceName)) && matches(serviceLabels);
    }
}
