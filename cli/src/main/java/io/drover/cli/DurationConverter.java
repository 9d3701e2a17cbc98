package io.drover.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations the way people write them: {@code 90s}, {@code 2m}, {@code 1h30m}, {@code 500ms}, {@code 45} (seconds) or ISO {@code PT90S}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** The duration {@code text} stands for; a {@link CommandLine.TypeConversionException} when it is none. */
    static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(s));
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw invalid(text);
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != s.length()) throw invalid(text);
        return total;
    }

    private static CommandLine.TypeConversionException invalid(String text) {
        return new CommandLine.TypeConversionException("'" + text + "' is not a duration (examples: 90s, 2m, 1h30m, 500ms)");
    }
}
