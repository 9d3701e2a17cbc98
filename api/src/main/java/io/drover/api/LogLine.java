package io.drover.api;

import java.time.Instant;

/** One line of output of one instance. */
public record LogLine(String instance, Stream stream, Instant time, String text) {
    /** Which output the line came from. */
    public enum Stream { STDOUT, STDERR }
}
