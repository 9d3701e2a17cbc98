package io.drover.api.spec;

/**
 * One problem in a spec: the JSON path of the field (for example {@code spec.ports[1].containerPort})
 * and a plain-language reason ({@code must be 1..65535, was 70000}).
 */
public record Violation(String path, String message) {
    public Violation {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("path is required");
        if (message == null || message.isBlank()) throw new IllegalArgumentException("message is required");
    }

    @Override
    public String toString() { return path + ": " + message; }
}
