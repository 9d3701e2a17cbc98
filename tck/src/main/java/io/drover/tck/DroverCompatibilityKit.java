package io.drover.tck;

import io.drover.api.Drover;
import io.drover.tck.kit.DeployCases;
import io.drover.tck.kit.ErrorCases;
import io.drover.tck.kit.ExposeCases;
import io.drover.tck.kit.NamespaceCases;
import io.drover.tck.kit.LogCases;
import io.drover.tck.kit.ProbeCases;
import io.drover.tck.kit.RollbackCases;
import io.drover.tck.kit.ScaleCases;
import io.drover.tck.kit.SpiCases;
import io.drover.tck.kit.StatusCases;
import io.drover.tck.kit.TckContext;
import io.drover.tck.kit.TckTimeouts;
import io.drover.tck.kit.UpdateCases;
import io.drover.tck.kit.WatchCases;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Drover compatibility kit: the behaviour every backend must show, as an abstract JUnit 5
 * suite. A backend's test extends it and only says how to build things:
 *
 * <pre>{@code
 * class LocalCompatibilityTest extends DroverCompatibilityKit {
 *     protected Drover createDrover() { return Drover.builder(new LocalBackend()).build(); }
 *     protected TestWorkload workload() { return new LocalProcessWorkload(); }
 * }
 * }</pre>
 *
 * <p>The cases live one file per concern in {@link io.drover.tck.kit} (Deploy, Scale, Probe,
 * Expose, Update, Rollback, Status, Errors, Watch, Logs, Namespace, and SPI for the backend called directly);
 * this class only composes them as {@link Nested} groups over one shared {@link TckContext}, the way
 * Micrometer's compatibility kit composes its per-meter tests. Each test gets a fresh {@link Drover}
 * and creates services only through the shared helpers, which give them unique names and the label
 * {@value Tracked#RUN_LABEL}{@code =<run id>}. After each test every such service is deleted and
 * checked gone; after the class, a fresh Drover checks that nothing with this run's label is left. A
 * scenario needing a capability the backend lacks is skipped, visibly, with a message naming it.
 * Waits are bounded by {@link #readyTimeout()}, {@link #settleTimeout()} and {@link #eventTimeout()},
 * which slow backends may override.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class DroverCompatibilityKit {
    private TckContext context;

    /** A new facade over the backend under test; the kit closes it after each test. */
    protected abstract Drover createDrover();

    /** The test workload as this backend runs it. */
    protected abstract TestWorkload workload();

    /** How long a service may take to become READY (default 90 s). */
    protected Duration readyTimeout() { return Duration.ofSeconds(90); }

    /** How long a status change (a restart, a problem showing up, a scale) may take (default 60 s). */
    protected Duration settleTimeout() { return Duration.ofSeconds(60); }

    /** How long a pushed event or a followed log line may take to arrive (default 30 s). */
    protected Duration eventTimeout() { return Duration.ofSeconds(30); }

    /** How long the kit watches for something that must not happen (default 3 s). */
    protected Duration quietPeriod() { return Duration.ofSeconds(3); }

    /** Timeout of each HTTP connect and request (default 3 s). */
    protected Duration requestTimeout() { return Duration.ofSeconds(3); }

    /** How often waits poll the status (default 500 ms). */
    protected Duration pollInterval() { return Duration.ofMillis(500); }

    /** The fixture every group shares, made on first use from the methods above. */
    protected final TckContext context() {
        if (context == null) {
            context = new TckContext(getClass().getSimpleName(), this::createDrover, workload(), new TckTimeouts(
                    readyTimeout(), settleTimeout(), eventTimeout(), quietPeriod(), requestTimeout(), pollInterval()));
        }
        return context;
    }

    @BeforeEach
    void openDrover(TestInfo info) {
        context().open(info);
    }

    @AfterEach
    void deleteWhatTheTestCreated() {
        context().deleteWhatTheTestCreated();
    }

    @AfterAll
    void checkNothingLeaked() {
        context().checkNothingLeaked();
    }

    /** Creating services, applying changes, deleting them. */
    @Nested
    @DisplayName("Deploy")
    class Deploy extends DeployCases {
        Deploy() { super(DroverCompatibilityKit.this.context()); }
    }

    /** Changing the number of instances. */
    @Nested
    @DisplayName("Scale")
    class Scale extends ScaleCases {
        Scale() { super(DroverCompatibilityKit.this.context()); }
    }

    /** Readiness, liveness and startup probes. */
    @Nested
    @DisplayName("Probe")
    class ProbeScenarios extends ProbeCases {
        ProbeScenarios() { super(DroverCompatibilityKit.this.context()); }
    }

    /** Exposing services through endpoints. */
    @Nested
    @DisplayName("Expose")
    class Expose extends ExposeCases {
        Expose() { super(DroverCompatibilityKit.this.context()); }
    }

    /** Rolling updates, with and without automatic rollback. */
    @Nested
    @DisplayName("Update")
    class Update extends UpdateCases {
        Update() { super(DroverCompatibilityKit.this.context()); }
    }

    /** Going back to the previous revision on request. */
    @Nested
    @DisplayName("Rollback")
    class Rollback extends RollbackCases {
        Rollback() { super(DroverCompatibilityKit.this.context()); }
    }

    /** What status and list report, including crashes and their diagnosis. */
    @Nested
    @DisplayName("Status")
    class Status extends StatusCases {
        Status() { super(DroverCompatibilityKit.this.context()); }
    }

    /** Refusals, timeouts, dry runs and backend facts. */
    @Nested
    @DisplayName("Errors")
    class Errors extends ErrorCases {
        Errors() { super(DroverCompatibilityKit.this.context()); }
    }

    /** Pushed change events. */
    @Nested
    @DisplayName("Watch")
    class WatchScenarios extends WatchCases {
        WatchScenarios() { super(DroverCompatibilityKit.this.context()); }
    }

    /** Reading and following output. */
    @Nested
    @DisplayName("Logs")
    class Logs extends LogCases {
        Logs() { super(DroverCompatibilityKit.this.context()); }
    }

    /** The same name in two namespaces is two services; a namespaced facade sees only its own. */
    @Nested
    @DisplayName("Namespace")
    class Namespaces extends NamespaceCases {
        Namespaces() { super(DroverCompatibilityKit.this.context()); }
    }

    /** The backend's own contract, called directly without the facade's checks and retries. */
    @Nested
    @DisplayName("SPI")
    class Spi extends SpiCases {
        Spi() { super(DroverCompatibilityKit.this.context()); }
    }
}
