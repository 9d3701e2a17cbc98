package io.drover.spi.support;

import io.drover.api.spec.Violation;
import io.drover.spi.Labels;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks that the neutral validator and the backends' own rules ({@link io.drover.spi.Backend#validate})
 * share, so that a name, a key or a piece of free text is judged the same way in every section of a
 * spec. Each check either answers yes or no, or adds its {@link Violation}s, with the caller's path,
 * to a list. Stateless and thread-safe.
 */
public final class SpecRules {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final String KEY_RULE = " key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

    private SpecRules() {}

    /** Whether {@code s} is a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit. */
    public static boolean isDnsLabel(String s) {
        return s != null && s.length() <= 63 && DNS_LABEL.matcher(s).matches();
    }

    /** Whether {@code s} is a DNS-1123 subdomain: at most 253 characters of dot-separated DNS labels. */
    public static boolean isDnsSubdomain(String s) {
        return s != null && s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }

    /** Whether {@code key} is a label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public static boolean isLabelKey(String key) {
        return key != null && keyProblem(key, "label") == null;
    }

    /**
     * What is wrong with {@code key} as a label or annotation key (an optional DNS-subdomain prefix
     * and '/', then a name of at most 63 letters, digits, '-', '_' or '.'), or null when nothing is.
     *
     * @param kind the word for the key in the message: label, annotation
     */
    public static String keyProblem(String key, String kind) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String local = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && !isDnsSubdomain(prefix)) return "has an invalid prefix '" + prefix + "' (must be a DNS subdomain)";
        if (local.isEmpty() || local.length() > 63 || !LABEL_NAME.matcher(local).matches()) return "is not a valid " + kind + KEY_RULE;
        return null;
    }

    /**
     * Checks a map of labels (metadata.labels, a node selector): every key a label key, every value at
     * most 63 letters, digits, '-', '_' or '.' (or empty). Each entry's path is {@code path.<key>}.
     *
     * @param reserveDroverPrefix whether keys under {@link Labels#PREFIX} are refused (Drover sets them itself)
     */
    public static void labels(Map<String, String> labels, String path, boolean reserveDroverPrefix, List<Violation> out) {
        labels.forEach((k, val) -> {
            String p = path + "." + k;
            if (k == null) {
                out.add(new Violation(p, "is not a valid label" + KEY_RULE));
                return;
            }
            String problem = keyProblem(k, "label");
            if (reserveDroverPrefix && k.startsWith(Labels.PREFIX)) {
                out.add(new Violation(p, "uses the reserved prefix " + Labels.PREFIX + " (Drover sets these labels itself)"));
            } else if (problem != null) {
                out.add(new Violation(p, problem));
            }
            if (val == null) {
                out.add(new Violation(p, "must have a value"));
            } else if (val.length() > 63 || (!val.isEmpty() && !LABEL_NAME.matcher(val).matches())) {
                out.add(new Violation(p, "has an invalid value '" + val + "' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"));
            }
        });
    }

    /**
     * Free text must consist of characters YAML can carry as they are: no control characters other
     * than tab, newline and carriage return, no unpaired surrogates, no U+FFFE/U+FFFF. Adds one
     * violation at {@code path} naming the first offending character; null text passes.
     */
    public static void printable(String text, String path, List<Violation> out) {
        if (text == null) return;
        text.codePoints().filter(c -> !isPrintable(c)).findFirst().ifPresent(c -> out.add(new Violation(path,
                "must not contain control characters, found " + String.format("U+%04X", c))));
    }

    private static boolean isPrintable(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
