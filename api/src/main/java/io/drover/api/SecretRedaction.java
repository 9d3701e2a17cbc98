package io.drover.api;

import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps secret values out of exceptions: a backend (or the library under it) may echo what it was
 * sent in an error message. The facade passes every exception of a call that handled secret values
 * through {@link #scrub}, which replaces each value by {@code ******} in the messages of the whole
 * cause chain. Stateless and thread-safe.
 */
final class SecretRedaction {
    static final String MASK = "******";

    private SecretRedaction() {}

    /**
     * The exception itself when no message in its chain contains a secret value; otherwise an
     * equivalent {@link DroverException} (same type for conflicts and unavailability, same backend,
     * operation, service, status code and retryability) whose messages and causes are masked.
     */
    static RuntimeException scrub(RuntimeException e, Collection<SecretValue> secrets, String backend, String operation, String service) {
        List<String> values = secrets.stream().map(SecretValue::reveal).filter(v -> !v.isEmpty()).distinct().toList();
        if (values.isEmpty() || !leaks(e, values, new IdentityHashMap<>())) return e;
        DroverException d = e instanceof DroverException de ? de : null;
        String message = mask(d != null ? d.detail() : e.getClass().getSimpleName() + ": " + e.getMessage(), values);
        String b = d != null && d.backend() != null ? d.backend() : backend;
        String op = d != null && d.operation() != null ? d.operation() : operation;
        String svc = d != null && d.service() != null ? d.service() : service;
        Integer code = d != null ? d.statusCode() : null;
        boolean retryable = d != null && d.isRetryable();
        Throwable cause = masked(e.getCause(), values, 0);
        DroverException clean;
        if (e instanceof ConflictException) clean = new ConflictException(message, b, op, svc, code, retryable, cause);
        else if (e instanceof BackendUnavailableException) clean = new BackendUnavailableException(message, b, op, svc, code, retryable, cause);
        else clean = new DroverException(message, b, op, svc, code, retryable, cause);
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    private static boolean leaks(Throwable t, List<String> values, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) return false;
        String text = t.getMessage();
        if (text != null && values.stream().anyMatch(text::contains)) return true;
        String local = t.getLocalizedMessage();
        if (local != null && values.stream().anyMatch(local::contains)) return true;
        for (Throwable s : t.getSuppressed()) if (leaks(s, values, seen)) return true;
        return leaks(t.getCause(), values, seen);
    }

    private static Throwable masked(Throwable t, List<String> values, int depth) {
        if (t == null || depth > 20) return null;
        Masked m = new Masked(t.getClass().getName() + ": " + mask(String.valueOf(t.getMessage()), values), masked(t.getCause(), values, depth + 1));
        m.setStackTrace(t.getStackTrace());
        return m;
    }

    static String mask(String text, List<String> values) {
        String out = text;
        for (String v : values) out = out.replace(v, MASK);
        return out;
    }

    /** A cause whose message had a secret value in it: the original class name and the masked message. */
    static final class Masked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Masked(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
