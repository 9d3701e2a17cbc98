package io.drover.cli;

import java.time.Duration;

/** Ages the way kubectl prints them: {@code 45s}, {@code 3m20s}, {@code 25m}, {@code 4h12m}, {@code 30h}, {@code 3d4h}, {@code 40d}, {@code 2y}. */
final class Age {
    private Age() {}

    /** The human form of {@code d}; negative durations count as zero. */
    static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long m = s / 60, h = s / 3600, days = s / 86400;
        if (s < 120) return s + "s";
        if (m < 10) return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        if (m < 180) return m + "m";
        if (h < 8) return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        if (h < 48) return h + "h";
        if (h < 24 * 8) return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
        if (days < 365 * 2) return days + "d";
        return (days / 365) + "y";
    }
}
