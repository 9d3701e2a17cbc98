package io.drover.spi;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A stable fingerprint of a spec's template: everything but the replica count, so that scaling
 * does not make a new revision. Backends store it as the {@link Labels#SPEC_HASH} label to make
 * {@code apply} idempotent.
 */
public final class SpecFingerprint {
    private SpecFingerprint() {}

    /** Hex SHA-256 (first 16 bytes) of the canonical JSON of the spec with replicas set to 0. */
    public static String of(ServiceSpec spec) {
        return ofText(SpecIO.toCanonicalJson(spec.withReplicas(0)));
    }

    /** The same fingerprint, also covering secret fingerprints so that a rotated secret makes a new revision. */
    public static String of(ServiceSpec spec, java.util.Map<String, io.drover.api.SecretValue> secrets) {
        StringBuilder sb = new StringBuilder(SpecIO.toCanonicalJson(spec.withReplicas(0)));
        new java.util.TreeMap<>(secrets).forEach((k, v) -> sb.append('\n').append(k).append('=').append(v.fingerprint()));
        return ofText(sb.toString());
    }

    private static String ofText(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) sb.append(String.format("%02x", d[i]));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
