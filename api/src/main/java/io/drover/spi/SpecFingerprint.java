package io.drover.spi;

import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stable fingerprint of a spec's template: everything but the replica count (an unset exposure
 * counts as none), so that scaling
 * does not make a new revision. Backends store it as the {@link Labels#SPEC_HASH} label to make
 * {@code apply} idempotent.
 */
public final class SpecFingerprint {
    private SpecFingerprint() {}

    /**
     * Hex SHA-256 (first 16 bytes) of the canonical JSON of the spec with replicas set to 0, without
     * its namespace (identity, not content) and with its exposure made concrete.
     */
    public static String of(ServiceSpec spec) {
        return of(spec, java.util.Map.of());
    }

    /** The same fingerprint, also covering secret fingerprints so that a rotated secret makes a new revision. */
    public static String of(ServiceSpec spec, java.util.Map<String, io.drover.api.SecretValue> secrets) {
        StringBuilder sb = new StringBuilder(SpecIO.toCanonicalJson(io.drover.spi.support.ExposureRule.concrete(spec).toBuilder().namespace(null).replicas(0).build()));
        new java.util.TreeMap<>(secrets).forEach((k, v) -> sb.append('\n').append(k).append('=').append(v.fingerprint()));
        return digest(sb.toString());
    }

    /** Hex SHA-256 (first 16 bytes) of {@code text}: for backends that fold more into a fingerprint. */
    public static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
