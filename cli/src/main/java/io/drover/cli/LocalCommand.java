package io.drover.cli;

import io.drover.cli.daemon.DaemonLauncher;
import io.drover.cli.daemon.DaemonStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code drover local stop|status}: the local backend's supervisor daemon. */
@Command(name = "local", description = "Manage the local backend's supervisor daemon.",
        subcommands = {LocalCommand.Stop.class, LocalCommand.Status.class})
final class LocalCommand extends Verb {
    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing verb: give stop or status");
    }

    /** {@code drover local stop}: stops the daemon and every local service with it. */
    @Command(name = "stop", description = "Stop the daemon and every local service it runs.")
    static final class Stop extends Verb {
        @Override
        public Integer call() {
            DaemonLauncher launcher = cli().launcher();
            Optional<Long> pid = launcher.stop();
            out().println(pid.map(p -> "drover daemon stopped (pid " + p + ")").orElse("no drover daemon running (" + launcher.home() + ")"));
            return 0;
        }
    }

    /** {@code drover local status}: whether the daemon runs, where, and how many services it has. */
    @Command(name = "status", description = "Show whether the daemon runs, its pid, port and services.")
    static final class Status extends Verb {
        @Override
        public Integer call() {
            DaemonLauncher launcher = cli().launcher();
            Optional<DaemonStatus> status = launcher.status();
            if (status.isEmpty()) {
                out().println("no drover daemon running (" + launcher.home() + ")");
                return 0;
            }
            DaemonStatus s = status.get();
            out().println("drover daemon running");
            out().println("  pid:      " + s.pid());
            out().println("  address:  127.0.0.1:" + s.port());
            out().println("  up:       " + Age.format(Duration.between(s.startedAt(), Instant.now())));
            out().println("  home:     " + s.home());
            out().println("  backend:  " + s.backend());
            out().println("  services: " + s.services());
            return 0;
        }
    }
}
