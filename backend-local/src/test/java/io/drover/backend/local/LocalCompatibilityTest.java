package io.drover.backend.local;

import io.drover.api.Drover;
import io.drover.tck.DroverCompatibilityKit;
import io.drover.tck.LocalProcessWorkload;
import io.drover.tck.TestWorkload;
import java.nio.file.Path;
import java.time.Duration;

/** The Drover compatibility kit on the local backend: every scenario, each with a fresh backend on one state directory. */
class LocalCompatibilityTest extends DroverCompatibilityKit {
    /** Under the module's build directory, so that {@code mvn clean} removes its pid and log files. */
    private static final Path STATE = Path.of(System.getProperty("basedir", "."), "target", "drover-local-tck");

    @Override
    protected Drover createDrover() {
        return Drover.builder(new LocalBackend(LocalConfig.builder().stateDirectory(STATE)
                .restartBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)).stopTimeout(Duration.ofSeconds(5)).build())).build();
    }

    @Override
    protected TestWorkload workload() {
        return new LocalProcessWorkload();
    }
}
