package io.drover.backend.swarm;

import io.drover.api.BackendInfo;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real swarm tests run on (see scripts/swarm-up.sh). When no swarm manager answers, tests that
 * need one are skipped with one clear message, unless the system property
 * {@code drover.requireEngines=true} (set by CI), in which case they fail.
 */
final class SwarmTestEngine {
    private static final String REASON;

    static {
        String reason = null;
        SwarmConfig config = SwarmConfig.fromEnvironment().withConnectTimeout(Duration.ofSeconds(3));
        try (SwarmBackend backend = new SwarmBackend(config)) {
            BackendInfo info = backend.info();
            if (!"true".equals(info.details().get("swarmManager"))) {
                reason = "the Docker engine at " + config.dockerHost() + " is not a swarm manager (swarm "
                        + info.details().get("swarmState") + ")";
            }
        } catch (RuntimeException e) {
            reason = "no Docker engine answers at " + config.dockerHost() + " (" + e.getMessage() + ")";
        }
        REASON = reason;
        if (reason != null) System.err.println("[drover] Swarm tests need a swarm: " + reason + "; run scripts/swarm-up.sh as root");
    }

    private SwarmTestEngine() {}

    /** Skips the calling test (or fails it when engines are required) unless a swarm manager answers. */
    static void require() {
        if (REASON == null) return;
        String message = "needs a real Docker Swarm: " + REASON + "; run scripts/swarm-up.sh as root";
        if (Boolean.getBoolean("drover.requireEngines")) Assertions.fail(message + " (drover.requireEngines=true)");
        Assumptions.abort(message);
    }

    /** A backend for the swarm the environment names. */
    static SwarmBackend backend() {
        require();
        return SwarmBackend.fromEnvironment();
    }
}
