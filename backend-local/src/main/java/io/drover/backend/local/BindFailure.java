package io.drover.backend.local;

import io.drover.api.Problem;
import io.drover.api.ProblemType;
import java.util.Locale;

/**
 * Recognises a program that could not bind its port from what it printed ("Address already in
 * use", Node's EADDRINUSE), so that an instance crashing on it is reported as PORT_CONFLICT, not as
 * a plain crash loop: typically two replicas of a program that binds its declared containerPort
 * itself instead of the port Drover gives each instance. Stateless.
 */
final class BindFailure {
    static final String HINT = "The program binds a fixed port that another instance or process holds (two local replicas "
            + "cannot share one port). Let it listen on the port Drover gives each instance: read $PORT (or "
            + "DROVER_PORT_<NAME>) from its environment, or pass \"$(PORT)\" in spec.command or spec.args.";

    private BindFailure() {}

    /** True when an output line says that an address (a port) is already in use. */
    static boolean matches(String line) {
        return line != null && (line.toLowerCase(Locale.ROOT).contains("address already in use") || line.contains("EADDRINUSE"));
    }

    /** The problem of {@code instance}, whose last run printed {@code line} before it exited. */
    static Problem problem(String instance, String line) {
        return new Problem(ProblemType.PORT_CONFLICT, "instance " + instance + " exited after failing to bind a port: "
                + line.strip(), instance, "AddressInUse", HINT);
    }
}
