package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Structural checks of a spec tree against the spec's record types: unknown fields (with a "did you
 * mean"), wrong value types, enum values. Reports every violation it finds.
 */
final class SpecSchema {
    private SpecSchema() {}

    /** Checks {@code node} against {@code type}, adding violations with paths under {@code path}. */
    static void check(JsonNode node, Type type, String path, List<Violation> out) {
        if (node == null || node.isNull() || node.isMissingNode()) return;
        Class<?> raw = rawClass(type);
        if (raw.isRecord()) {
            String at = path.isEmpty() ? "spec" : path;
            if (!node.isObject()) {
                out.add(new Violation(trim(at), "must be a mapping, was " + describe(node)));
                return;
            }
            RecordComponent[] comps = raw.getRecordComponents();
            List<String> names = new ArrayList<>();
            for (RecordComponent c : comps) names.add(c.getName());
            String prefix = raw == ServiceSpec.class ? path : path + ".";
            checkKeys(node, names, raw == ServiceSpec.class ? specPrefix(path) : prefix, out);
            for (RecordComponent c : comps) {
                JsonNode child = node.get(c.getName());
                String childPath = raw == ServiceSpec.class ? servicePath(path, c.getName()) : prefix + c.getName();
                if (c.getType().isPrimitive() && (child == null || child.isNull()) && !(raw == ServiceSpec.class && c.getName().equals("replicas"))) {
                    out.add(new Violation(childPath, "is required"));
                } else if (raw == ServiceSpec.class && c.getName().equals("replicas") && child != null && child.isNull()) {
                    out.add(new Violation(childPath, "must be a whole number, was empty"));
                }
                check(child, c.getGenericType(), childPath, out);
            }
        } else if (raw == String.class) {
            if (!node.isValueNode()) out.add(new Violation(path, "must be a text value, was " + describe(node)));
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            boolean isInt = raw == int.class || raw == Integer.class;
            if (!node.isIntegralNumber()) {
                out.add(new Violation(path, "must be a whole number, was " + describe(node)));
            } else if (isInt && !node.canConvertToInt() || !node.canConvertToLong()) {
                out.add(new Violation(path, "is out of range, was " + node.asText()));
            }
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (!node.isBoolean()) out.add(new Violation(path, "must be true or false, was " + describe(node)));
        } else if (raw == Quantity.class) {
            if (!(node.isTextual() || node.isNumber())) out.add(new Violation(path, "must be a quantity such as 250m, 0.5 or 256Mi, was " + describe(node)));
        } else if (raw.isEnum()) {
            List<String> allowed = enumNames(raw);
            if (!node.isTextual()) {
                out.add(new Violation(path, "must be one of " + String.join(", ", allowed) + ", was " + describe(node)));
            } else if (!allowed.contains(node.asText())) {
                String suggestion = suggest(node.asText(), allowed);
                out.add(new Violation(path, "must be one of " + String.join(", ", allowed) + ", was '" + node.asText() + "'"
                        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")));
            }
        } else if (Collection.class.isAssignableFrom(raw)) {
            if (!node.isArray()) {
                out.add(new Violation(path, "must be a list, was " + describe(node)));
                return;
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item == null || item.isNull()) out.add(new Violation(path + "[" + i + "]", "must not be empty"));
                else check(item, element, path + "[" + i + "]", out);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!node.isObject()) {
                out.add(new Violation(path, "must be a mapping, was " + describe(node)));
                return;
            }
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) out.add(new Violation(path + "." + e.getKey(), "must have a value"));
                else check(e.getValue(), value, path + "." + e.getKey(), out);
            });
        }
    }

    /** The components of ServiceSpec that live under {@code metadata} in a document. */
    static final java.util.Set<String> METADATA = java.util.Set.of("name", "namespace", "labels");

    private static String specPrefix(String path) { return path + "spec."; }

    private static String servicePath(String root, String component) {
        return root + (METADATA.contains(component) ? "metadata." : "spec.") + component;
    }

    private static String trim(String p) { return p.endsWith(".") ? p.substring(0, p.length() - 1) : p; }

    /** Reports keys of {@code node} that are not in {@code allowed}, suggesting the nearest. */
    static void checkKeys(JsonNode node, List<String> allowed, String prefix, List<Violation> out) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String key = it.next();
            if (prefix.endsWith("spec.") && METADATA.contains(key)) continue;
            if (!allowed.contains(key)) {
                List<String> candidates = allowed.stream()
                        .filter(a -> !(prefix.endsWith("spec.") && METADATA.contains(a))).toList();
                String s = suggest(key, candidates);
                String shown = key.isBlank() ? "'" + key + "'" : key;
                out.add(new Violation(prefix + shown, "unknown field" + (s == null ? "" : " (did you mean '" + s + "'?)")));
            }
        }
    }

    /** The closest candidate within a small edit distance, or null. */
    static String suggest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int limit = Math.max(2, word.length() / 3);
        return bestDistance <= limit ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    static List<String> enumNames(Class<?> e) {
        List<String> names = new ArrayList<>();
        for (Object constant : e.getEnumConstants()) {
            String n = ((Enum<?>) constant).name();
            try {
                JsonProperty p = e.getField(n).getAnnotation(JsonProperty.class);
                names.add(p != null ? p.value() : n);
            } catch (NoSuchFieldException ex) {
                names.add(n);
            }
        }
        return names;
    }

    static String describe(JsonNode n) {
        if (n.isObject()) return "a mapping";
        if (n.isArray()) return "a list";
        if (n.isTextual()) return "'" + n.asText() + "'";
        if (n.isNull()) return "empty";
        return n.asText();
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        return Object.class;
    }
}
