package io.drover.spi.support;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion of a container's command and args, for the backends that
 * must do it themselves (local when an instance starts, Swarm at translation). The rules are the
 * ones the Kubernetes API documents for {@code Container.command} and {@code args}:
 * <ul>
 *   <li>{@code $(NAME)} becomes the value of {@code NAME} in the instance's environment;</li>
 *   <li>a reference to a name that is not defined stays as written: {@code $(NAME)};</li>
 *   <li>{@code $$} is one literal {@code $}, so {@code $$(NAME)} gives the text {@code $(NAME)},
 *       never expanded, whether {@code NAME} is defined or not;</li>
 *   <li>any other {@code $} is kept: one followed by anything but {@code (} or {@code $}, a
 *       trailing one, and an unclosed {@code $(};</li>
 *   <li>the name is the text up to the first {@code )}, taken as it is;</li>
 *   <li>values are inserted as they are, never expanded again.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class VariableExpansion {
    private VariableExpansion() {}

    /** {@code input} with its references replaced by {@code lookup}'s values (null: not defined). */
    public static String expand(String input, Function<String, String> lookup) {
        if (input == null || input.indexOf('$') < 0) return input;
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            if (c != '$' || i + 1 == n) {
                out.append(c);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    out.append("$(");
                    i += 2;
                } else {
                    String name = input.substring(i + 2, close);
                    String value = lookup.apply(name);
                    out.append(value != null ? value : "$(" + name + ")");
                    i = close + 1;
                }
            } else {
                out.append('$').append(next);
                i += 2;
            }
        }
        return out.toString();
    }

    /** {@code input} expanded from the environment {@code env}. */
    public static String expand(String input, Map<String, String> env) {
        return expand(input, env::get);
    }

    /** Each element of {@code input} (a command or its args) expanded from {@code env}. */
    public static List<String> expand(List<String> input, Map<String, String> env) {
        return input.stream().map(s -> expand(s, env)).toList();
    }

    /**
     * The environment variable that holds the port named {@code portName}:
     * {@code DROVER_PORT_<NAME>}, the name upper-cased with {@code -} as {@code _}.
     */
    public static String portVariable(String portName) {
        return "DROVER_PORT_" + portName.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
