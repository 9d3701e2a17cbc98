package io.drover.api;

import java.time.Instant;

/**
 * What {@code logs} returns: {@code follow} keeps the stream open for new lines; {@code tailLines}
 * limits the lines already written, per instance (null = all); {@code since} skips older lines;
 * {@code instance} restricts to one instance id (null = all).
 */
public record LogOptions(boolean follow, Integer tailLines, Instant since, String instance) {
    /** Everything written so far, no follow. */
    public static LogOptions all() { return new LogOptions(false, null, null, null); }

    /** The last {@code n} lines per instance and then new lines as they come. */
    public static LogOptions follow(int n) { return new LogOptions(true, n, null, null); }

    /** The last {@code n} lines per instance. */
    public static LogOptions tail(int n) { return new LogOptions(false, n, null, null); }
}
