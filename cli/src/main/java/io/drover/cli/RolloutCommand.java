package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover rollout undo|status NAME}. */
@Command(name = "rollout", description = "Manage a service's rollout.", subcommands = {RolloutCommand.Undo.class, RolloutCommand.Status.class})
final class RolloutCommand extends Verb {
    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing verb: give undo or status");
    }

    /** {@code drover rollout undo NAME}: back to the previous revision. */
    @Command(name = "undo", description = "Go back to the previous revision.")
    static final class Undo extends Verb {
        @Parameters(paramLabel = "NAME", description = "the service")
        String name;

        @Override
        public Integer call() {
            try (Drover drover = cli().connect()) {
                long revision = drover.rollback(name);
                out().println("service/" + name + " rolled back (revision " + revision + ")");
            }
            return 0;
        }
    }

    /** {@code drover rollout status NAME}: waits until the service settles, showing progress. */
    @Command(name = "status", description = "Wait until the rollout settles, showing ready replicas and problems.")
    static final class Status extends Verb {
        @Parameters(paramLabel = "NAME", description = "the service")
        String name;

        @Override
        public Integer call() {
            try (Drover drover = cli().connect()) {
                RolloutProgress progress = new RolloutProgress(name, out(), System.console() != null);
                ServiceStatus last;
                try {
                    last = drover.awaitReady(name, cli().timeout(), progress);
                } finally {
                    progress.finish();
                }
                if (last.state() == ServiceState.READY) {
                    out().println("service/" + name + " successfully rolled out: " + last.ready() + "/" + last.desired()
                            + " ready, revision " + last.revision());
                    return 0;
                }
                err().println("error: service/" + name + " rollout ended " + last.state() + " (" + last.ready() + "/" + last.desired()
                        + " ready, revision " + last.revision() + ")");
                ProblemText.print(last.problems(), err());
                return DroverCli.EXIT_FAILURE;
            }
        }
    }
}
