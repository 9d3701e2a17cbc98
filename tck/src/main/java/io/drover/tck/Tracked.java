package io.drover.tck;

import io.drover.api.ApplyResult;
import io.drover.api.Drover;
import io.drover.api.ServiceRef;
import io.drover.api.spec.ServiceSpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The services one TCK test created: it hands out unique names, applies specs and remembers every
 * name it applied (even when the apply failed half-way), so that the kit can delete them all after
 * the test. Not thread-safe: one per test.
 */
public final class Tracked {
    /** The label every kit service carries: {@code tck.drover.io/run=<run id>}. */
    public static final String RUN_LABEL = "tck.drover.io/run";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Drover drover;
    private final Set<ServiceRef> refs = new LinkedHashSet<>();

    /** A registry applying through {@code drover}. */
    public Tracked(Drover drover) {
        this.drover = drover;
    }

    /** {@code n} random lower-case letters. */
    public static String randomLetters(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) s.append((char) ('a' + RANDOM.nextInt(26)));
        return s.toString();
    }

    /** A fresh service name, {@code tck-<6 random letters>-<suffix>}, remembered for deletion. */
    public String newName(String suffix) {
        String name = "tck-" + randomLetters(6) + "-" + suffix;
        if (name.length() > 63) throw new IllegalArgumentException("suffix too long for a service name: " + suffix);
        refs.add(ServiceRef.of(name));
        return name;
    }

    /** Applies the spec through the facade, remembering its name first. */
    public ApplyResult apply(ServiceSpec spec) {
        if (spec.name() != null) refs.add(new ServiceRef(spec.namespace() == null ? drover.namespace() : spec.namespace(), spec.name()));
        return drover.apply(spec);
    }

    /** Remembers a service created elsewhere (by an earlier facade of the same test) for deletion. */
    public void adopt(ServiceRef ref) {
        refs.add(ref);
    }

    /** The names handed out or applied so far, in order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        refs.forEach(r -> names.add(r.name()));
        return names;
    }

    /** The services handed out or applied so far, with their namespaces, in order. */
    public Set<ServiceRef> refs() {
        return new LinkedHashSet<>(refs);
    }

    /**
     * Deletes every remembered service, carrying on past failures, and returns one message per
     * service that could not be deleted (empty when all went well).
     */
    public List<String> deleteAll() {
        List<String> failures = new ArrayList<>();
        for (ServiceRef ref : refs) {
            try {
                drover.inNamespace(ref.namespace()).delete(ref.name());
            } catch (RuntimeException e) {
                failures.add(ref + ": " + e.getMessage());
            }
        }
        return failures;
    }
}
