package io.drover.api;

/**
 * A typed diagnosis: what is wrong ({@code type}, {@code message}), where (the instance id, or
 * null for the whole service), the backend's own words for it ({@code nativeReason}, e.g.
 * {@code CrashLoopBackOff} or {@code no suitable node}) and what to do ({@code hint}).
 */
public record Problem(ProblemType type, String message, String instance, String nativeReason, String hint) {
    public Problem {
        if (type == null) throw new IllegalArgumentException("type is required");
        if (message == null) message = type.name();
        if (hint == null) hint = type.defaultHint();
    }

    /** A service-wide problem with the type's default hint. */
    public static Problem of(ProblemType type, String message) {
        return new Problem(type, message, null, null, null);
    }

    /** A problem of one instance with the type's default hint. */
    public static Problem of(ProblemType type, String message, String instance, String nativeReason) {
        return new Problem(type, message, instance, nativeReason, null);
    }
}
