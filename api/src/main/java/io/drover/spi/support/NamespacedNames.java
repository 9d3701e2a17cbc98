package io.drover.spi.support;

import io.drover.api.ServiceRef;

/**
 * Namespaces for backends that have none (local, Swarm), the way {@code docker stack} names its
 * services: a service of the default namespace keeps its name, one of namespace {@code team-a} is
 * called {@code team-a_web} natively. Neutral names and namespaces are DNS labels, which have no
 * {@code _}, so a native name stands for exactly one service; a Compose stack's services
 * ({@code shop_web}) read as namespace {@code shop}.
 */
public final class NamespacedNames {
    /** Between the namespace and the name in a native name. */
    public static final String SEPARATOR = "_";

    private NamespacedNames() {}

    /** The namespace the reference means, {@value ServiceRef#DEFAULT} when it names none. */
    public static String namespace(ServiceRef ref) {
        return ref.namespaceOr(ServiceRef.DEFAULT);
    }

    /** The native name of the service: its name in the default namespace, {@code <namespace>_<name>} elsewhere. */
    public static String nativeName(ServiceRef ref) {
        String ns = namespace(ref);
        return ServiceRef.DEFAULT.equals(ns) ? ref.name() : ns + SEPARATOR + ref.name();
    }

    /** The native name of {@code name} in {@code namespace} (null: the default). */
    public static String nativeName(String namespace, String name) {
        return nativeName(new ServiceRef(namespace, name));
    }

    /** The service a native name stands for, with its namespace always set. */
    public static ServiceRef parse(String nativeName) {
        int at = nativeName.indexOf(SEPARATOR);
        if (at <= 0 || at == nativeName.length() - 1) return new ServiceRef(ServiceRef.DEFAULT, nativeName);
        return new ServiceRef(nativeName.substring(0, at), nativeName.substring(at + 1));
    }

    /** Whether the native name is a service of this namespace (null: the default). */
    public static boolean isIn(String nativeName, String namespace) {
        return parse(nativeName).namespace().equals(namespace == null ? ServiceRef.DEFAULT : namespace);
    }
}
