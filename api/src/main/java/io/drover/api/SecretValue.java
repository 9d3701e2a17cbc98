package io.drover.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret's value. Its {@code toString} never shows the value; only {@link #reveal()} and
 * {@link #bytes()} do, for the backend that must hand it over.
 */
public final class SecretValue {
    private final byte[] value;

    private SecretValue(byte[] value) { this.value = value.clone(); }

    /** A secret holding these bytes. */
    public static SecretValue of(byte[] value) { return new SecretValue(value); }

    /** A secret holding this text (UTF-8). */
    public static SecretValue of(String value) { return new SecretValue(value.getBytes(StandardCharsets.UTF_8)); }

    /** The value as text (UTF-8). Never log it. */
    public String reveal() { return new String(value, StandardCharsets.UTF_8); }

    /** A copy of the value's bytes. Never log them. */
    public byte[] bytes() { return value.clone(); }

    /** A SHA-256 fingerprint of the value (hex), safe to store in labels to detect rotation. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value);
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue s && MessageDigest.isEqual(value, s.value);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(value); }

    @Override
    public String toString() { return "SecretValue[******]"; }
}
