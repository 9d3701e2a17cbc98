package io.drover.api;

import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.Violation;
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
     * equivalent exception whose messages and causes are masked. It keeps the type and the data of
     * Drover's own exceptions (conflict, unavailability, invalid spec with its violations, service
     * not found, missing capability with its uses; backend, operation, service, status code and
     * retryability); any other exception becomes a plain {@link DroverException}.
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
        else if (e instanceof InvalidSpecException invalid) clean = new InvalidSpecException(masked(invalid.violations(), values), cause);
        else if (e instanceof ServiceNotFoundException) clean = new ServiceNotFoundException(b, op, svc, cause);
        else if (e instanceof CapabilityNotSupportedException missing) clean = new CapabilityNotSupportedException(b, svc,
                missing.uses().stream().map(u -> new CapabilityUse(u.capability(), mask(u.path(), values))).toList(), cause);
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

    private static List<Violation> masked(List<Violation> violations, List<String> values) {
        return violations.stream().map(v -> new Violation(mask(v.path(), values), mask(v.message(), values))).toList();
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
