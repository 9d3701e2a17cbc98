package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover logs NAME [-f] [--tail N]}: each line prefixed with its instance. */
@Command(name = "logs", description = "Print a service's output, each line prefixed with its instance.")
final class LogsCommand extends Verb {
    @Parameters(paramLabel = "NAME", description = "the service")
    String name;

    @Option(names = {"-f", "--follow"}, description = "keep printing new lines until interrupted")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", description = "only the last N lines of each instance")
    Integer tail;

    @Option(names = "--instance", paramLabel = "ID", description = "only this instance")
    String instance;

    @Override
    public Integer call() {
        try (Drover drover = cli().connect();
                Stream<LogLine> lines = drover.logs(name, new LogOptions(follow, tail, null, instance))) {
            lines.forEach(l -> {
                out().println("[" + l.instance() + "] " + l.text());
                if (follow) out().flush();
            });
        }
        return 0;
    }
}
