package io.drover.api;

import java.util.Objects;

/**
 * Which service an operation means: its name within a namespace. A null namespace means the
 * backend's default one (the kubeconfig context's namespace, NOMAD_NAMESPACE, or {@value #DEFAULT}
 * on the local backend and on Swarm). The same name in two namespaces is two services.
 */
public record ServiceRef(String namespace, String name) {
    /** The default namespace's name on backends without a configured one. */
    public static final String DEFAULT = "default";

    public ServiceRef {
        Objects.requireNonNull(name, "name");
    }

    /** The service with this name in the backend's default namespace. */
    public static ServiceRef of(String name) {
        return new ServiceRef(null, name);
    }

    /** The service with this name in this namespace (null: the backend's default). */
    public static ServiceRef of(String namespace, String name) {
        return new ServiceRef(namespace, name);
    }

    /** This reference's namespace, or {@code fallback} when it has none. */
    public String namespaceOr(String fallback) {
        return namespace == null ? fallback : namespace;
    }

    /** {@code namespace/name}, or the name alone in the default namespace. */
    @Override
    public String toString() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
