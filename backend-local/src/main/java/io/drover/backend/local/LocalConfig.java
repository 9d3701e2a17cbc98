package io.drover.backend.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the {@link LocalBackend}. Immutable; build one with {@link #builder()} or take
 * {@link #defaults()}.
 *
 * @param stateDirectory where pid files and log files live; a new backend on the same directory
 *     reaps processes orphaned by a dead earlier one (default {@code ${java.io.tmpdir}/drover-local-${user.name}})
 * @param restartBackoffBase the delay before the first restart of a crashed instance; it doubles with
 *     each further crash in a row (default 1 s)
 * @param restartBackoffCap the longest restart delay (default 30 s)
 * @param crashLoopThreshold crashes in a row after which an instance is reported as CRASH_LOOP (default 3)
 * @param stableAfter how long an instance must run (and be ready) for its crash count to reset (default 10 s)
 * @param stopTimeout how long a stopping process tree gets after SIGTERM before it is killed (default 10 s);
 *     the spec's {@code extensions.local.stopTimeoutSeconds} overrides it per service
 * @param logRingSize how many lines of output are kept in memory per instance (default 1000)
 * @param bindHost the loopback address instances' ports and load balancers are reached on (default 127.0.0.1)
 * @param shutdownHook whether a JVM shutdown hook stops every process when the JVM exits (default true)
 */
public record LocalConfig(Path stateDirectory, Duration restartBackoffBase, Duration restartBackoffCap,
        int crashLoopThreshold, Duration stableAfter, Duration stopTimeout, int logRingSize, String bindHost,
        boolean shutdownHook) {

    public LocalConfig {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        requirePositive(restartBackoffBase, "restartBackoffBase");
        requirePositive(restartBackoffCap, "restartBackoffCap");
        requirePositive(stableAfter, "stableAfter");
        requirePositive(stopTimeout, "stopTimeout");
        if (restartBackoffCap.compareTo(restartBackoffBase) < 0) {
            throw new IllegalArgumentException("restartBackoffCap must not be shorter than restartBackoffBase, was "
                    + restartBackoffCap + " < " + restartBackoffBase);
        }
        if (crashLoopThreshold < 1) throw new IllegalArgumentException("crashLoopThreshold must be at least 1, was " + crashLoopThreshold);
        if (logRingSize < 1) throw new IllegalArgumentException("logRingSize must be at least 1, was " + logRingSize);
        if (bindHost == null || bindHost.isBlank()) throw new IllegalArgumentException("bindHost is required");
    }

    /** The default state directory: {@code ${java.io.tmpdir}/drover-local-${user.name}}. */
    public static Path defaultStateDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "drover-local-" + System.getProperty("user.name", "user"));
    }

    /** The defaults. */
    public static LocalConfig defaults() {
        return builder().build();
    }

    /** Environment variable naming the state directory. */
    public static final String ENV_STATE_DIR = "DROVER_LOCAL_STATE_DIR";
    /** Environment variable naming the address to bind. */
    public static final String ENV_BIND_HOST = "DROVER_LOCAL_BIND_HOST";
    /** Environment variable giving the stop timeout in seconds. */
    public static final String ENV_STOP_TIMEOUT = "DROVER_LOCAL_STOP_TIMEOUT_SECONDS";

    /**
     * The defaults, overridden by {@value #ENV_STATE_DIR}, {@value #ENV_BIND_HOST} and
     * {@value #ENV_STOP_TIMEOUT} where set in {@code env}. Throws IllegalArgumentException naming a
     * variable whose value is unusable.
     */
    public static LocalConfig fromEnvironment(java.util.Map<String, String> env) {
        Builder b = builder();
        String dir = env.get(ENV_STATE_DIR);
        if (dir != null && !dir.isBlank()) b.stateDirectory(Path.of(dir));
        String host = env.get(ENV_BIND_HOST);
        if (host != null && !host.isBlank()) b.bindHost(host);
        String stop = env.get(ENV_STOP_TIMEOUT);
        if (stop != null && !stop.isBlank()) {
            try {
                b.stopTimeout(Duration.ofSeconds(Long.parseLong(stop.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_STOP_TIMEOUT + " must be a number of seconds, was '" + stop + "'", e);
            }
        }
        return b.build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().stateDirectory(stateDirectory).restartBackoff(restartBackoffBase, restartBackoffCap)
                .crashLoopThreshold(crashLoopThreshold).stableAfter(stableAfter).stopTimeout(stopTimeout)
                .logRingSize(logRingSize).bindHost(bindHost).shutdownHook(shutdownHook);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
    }

    /** A mutable builder for {@link LocalConfig}; not thread-safe. */
    public static final class Builder {
        private Path stateDirectory = defaultStateDirectory();
        private Duration restartBackoffBase = Duration.ofSeconds(1);
        private Duration restartBackoffCap = Duration.ofSeconds(30);
        private int crashLoopThreshold = 3;
        private Duration stableAfter = Duration.ofSeconds(10);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private int logRingSize = 1000;
        private String bindHost = "127.0.0.1";
        private boolean shutdownHook = true;

        private Builder() {}

        /** Where pid files and logs live. */
        public Builder stateDirectory(Path dir) { this.stateDirectory = dir; return this; }

        /** The first restart delay and the longest one. */
        public Builder restartBackoff(Duration base, Duration cap) { this.restartBackoffBase = base; this.restartBackoffCap = cap; return this; }

        /** Crashes in a row that make a CRASH_LOOP. */
        public Builder crashLoopThreshold(int n) { this.crashLoopThreshold = n; return this; }

        /** How long an instance must stay up for its crash count to reset. */
        public Builder stableAfter(Duration d) { this.stableAfter = d; return this; }

        /** How long a stopping process gets between SIGTERM and SIGKILL. */
        public Builder stopTimeout(Duration d) { this.stopTimeout = d; return this; }

        /** Lines of output kept in memory per instance. */
        public Builder logRingSize(int n) { this.logRingSize = n; return this; }

        /** The loopback address to bind and report. */
        public Builder bindHost(String host) { this.bindHost = host; return this; }

        /** Whether to stop every process when the JVM exits. */
        public Builder shutdownHook(boolean on) { this.shutdownHook = on; return this; }

        /** The configuration; throws IllegalArgumentException naming a bad value. */
        public LocalConfig build() {
            return new LocalConfig(stateDirectory, restartBackoffBase, restartBackoffCap, crashLoopThreshold, stableAfter,
                    stopTimeout, logRingSize, bindHost, shutdownHook);
        }
    }
}
