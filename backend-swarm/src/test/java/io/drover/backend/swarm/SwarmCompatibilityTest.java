package io.drover.backend.swarm;

import io.drover.api.Drover;
import io.drover.tck.DroverCompatibilityKit;
import io.drover.tck.TestWorkload;

/**
 * The Drover compatibility kit on a real Docker Swarm (scripts/swarm-up.sh makes one on this
 * machine). Skipped with one message when no swarm manager answers, unless
 * {@code drover.requireEngines=true}.
 */
class SwarmCompatibilityTest extends DroverCompatibilityKit {
    @Override
    protected Drover createDrover() {
        return Drover.builder(SwarmTestEngine.backend()).build();
    }

    @Override
    protected TestWorkload workload() {
        return new SwarmTestWorkload();
    }
}
