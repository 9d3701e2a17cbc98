package io.drover.cli;

import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.DroverException;
import io.drover.api.error.DroverTimeoutException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.Violation;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/**
 * Turns what a verb threw into a message on stderr and an exit code: an invalid spec prints each
 * violation as {@code path: reason} and exits 2; Drover's other errors print their message (and a
 * timeout the last status's problems with hints) and exit 1; anything else prints its message and
 * exits 1. Stack traces only in debug mode.
 */
final class ErrorReport implements CommandLine.IExecutionExceptionHandler {
    private final BooleanSupplier debug;

    ErrorReport(BooleanSupplier debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = report(e, err);
        if (debug.getAsBoolean()) e.printStackTrace(err);
        err.flush();
        return code;
    }

    /** Prints {@code e} for a person and returns the exit code it deserves. */
    static int report(Throwable e, PrintWriter err) {
        if (e instanceof InvalidSpecException invalid) {
            err.println("error: invalid spec (" + invalid.violations().size()
                    + (invalid.violations().size() == 1 ? " problem):" : " problems):"));
            for (Violation v : invalid.violations()) err.println(v.path() + ": " + v.message());
            return DroverCli.EXIT_USAGE;
        }
        if (e instanceof ServiceNotFoundException nf) {
            err.println("error: " + nf.detail() + (nf.backend() == null ? "" : " on the " + nf.backend() + " backend"));
            return DroverCli.EXIT_FAILURE;
        }
        if (e instanceof CapabilityNotSupportedException c) {
            err.println("error: " + c.detail());
            return DroverCli.EXIT_FAILURE;
        }
        if (e instanceof DroverTimeoutException t) {
            err.println("error: " + t.getMessage());
            if (t.lastStatus() != null) ProblemText.print(t.lastStatus().problems(), err);
            return DroverCli.EXIT_FAILURE;
        }
        if (e instanceof DroverException d) {
            err.println("error: " + d.getMessage());
            return DroverCli.EXIT_FAILURE;
        }
        String message = e.getMessage();
        err.println("error: " + (message == null ? e.getClass().getSimpleName() : message)
                + " (run with --debug for details)");
        return DroverCli.EXIT_FAILURE;
    }
}
