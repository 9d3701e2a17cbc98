package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes-style quantity: {@code 250m}, {@code 0.5}, {@code 2}, {@code 256Mi}, {@code 1G},
 * {@code 1e3}. It keeps the text as written; {@link #isValid()} says whether it parses, and the
 * validator reports invalid ones with their path. {@link #parse(String)} refuses invalid text at
 * once, for programmatic use.
 */
@JsonDeserialize(using = QuantityDeserializer.class)
public final class Quantity {
    private static final Pattern SYNTAX = Pattern.compile(
            "^([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\\d+))?$");
    private final String text;
    private final BigDecimal amount;

    private Quantity(String text) {
        this.text = text;
        this.amount = amountOf(text);
    }

    /** Reads a quantity as written in a spec; invalid text is kept and reported by validation. */
    public static Quantity of(String text) {
        return new Quantity(Objects.requireNonNull(text, "text").trim());
    }

    /** Parses a quantity, throwing {@link IllegalArgumentException} with the reason when invalid. */
    public static Quantity parse(String text) {
        Quantity q = of(text);
        if (!q.isValid()) throw new IllegalArgumentException(q.problem());
        return q;
    }

    /** True when the text is a well-formed, non-negative quantity. */
    public boolean isValid() { return amount != null && amount.signum() >= 0; }

    /** Why the quantity is invalid, or null when it is valid. */
    public String problem() {
        if (amount == null) return "must be a quantity such as 250m, 0.5, 256Mi or 1G, was '" + text + "'";
        if (amount.signum() < 0) return "must not be negative, was '" + text + "'";
        return null;
    }

    /** The value in base units (cores for CPU, bytes for memory). */
    public BigDecimal amount() {
        if (!isValid()) throw new IllegalStateException(problem());
        return amount;
    }

    /** The value in thousandths of the base unit, rounded up (millicores for CPU). */
    public long toMilli() {
        return amount().movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** The value in whole base units, rounded up (bytes for memory). */
    public long toUnits() {
        return amount().setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    @JsonValue
    @Override
    public String toString() { return text; }

    /** Equal when they denote the same amount ({@code 1Gi} and {@code 1024Mi}), or the same text when invalid. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Quantity q)) return false;
        if (amount != null && q.amount != null) return amount.compareTo(q.amount) == 0;
        return text.equals(q.text);
    }

    @Override
    public int hashCode() { return amount != null ? amount.stripTrailingZeros().hashCode() : text.hashCode(); }

    private static BigDecimal amountOf(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) return null;
        BigDecimal number;
        try {
            number = new BigDecimal(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (m.group(3) != null) {
            int exp;
            try { exp = Integer.parseInt(m.group(3)); } catch (NumberFormatException e) { return null; }
            if (Math.abs(exp) > 30) return null;
            return number.scaleByPowerOfTen(exp);
        }
        String suffix = m.group(2);
        if (suffix == null) return number;
        return switch (suffix) {
            case "n" -> number.scaleByPowerOfTen(-9);
            case "u" -> number.scaleByPowerOfTen(-6);
            case "m" -> number.scaleByPowerOfTen(-3);
            case "k" -> number.scaleByPowerOfTen(3);
            case "M" -> number.scaleByPowerOfTen(6);
            case "G" -> number.scaleByPowerOfTen(9);
            case "T" -> number.scaleByPowerOfTen(12);
            case "P" -> number.scaleByPowerOfTen(15);
            case "E" -> number.scaleByPowerOfTen(18);
            case "Ki" -> number.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> number.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> number.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> number.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> number.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> number.multiply(BigDecimal.valueOf(1L << 60));
            default -> null;
        };
    }
}
