package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ServiceNotFoundException;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover get [NAME]}: one service or all, as a table or as YAML/JSON. */
@Command(name = "get", description = "List services, or show one (table; -o wide adds every instance with its node, ports, restarts and last exit; -o yaml|json the full status with its spec).")
final class GetCommand extends Verb {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "the service (default: all)")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide, yaml or json")
    Output output;

    @Option(names = {"-l", "--selector"}, paramLabel = "KEY=VALUE", description = "only services with this label")
    String selector;

    @Override
    public Integer call() {
        try (Drover drover = cli().connect()) {
            List<ServiceStatus> statuses;
            if (name != null) {
                statuses = List.of(drover.status(name).orElseThrow(() -> new ServiceNotFoundException(drover.backendName(), "get", name)));
            } else {
                statuses = drover.list(selector());
            }
            if (output != null && output.format != null) {
                out().print(output.format.write(name != null ? statuses.get(0) : statuses));
            } else if (statuses.isEmpty()) {
                err().println("No services found on the " + drover.backendName() + " backend.");
            } else if (output == Output.WIDE) {
                out().print(StatusTable.renderWide(statuses, Instant.now()));
            } else {
                out().print(StatusTable.render(statuses, Instant.now()));
            }
        }
        return 0;
    }

    private Selector selector() {
        if (selector == null) return Selector.all();
        int eq = selector.indexOf('=');
        if (eq <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--selector must be KEY=VALUE, was '" + selector + "'");
        }
        return Selector.label(selector.substring(0, eq), selector.substring(eq + 1));
    }

    /** What {@code -o} accepts: the wide table, or a machine-readable format. */
    enum Output {
        /** The table, then every instance with its node, ports, restarts and last exit. */
        WIDE(null),
        /** YAML. */
        YAML(OutputFormat.YAML),
        /** Pretty JSON. */
        JSON(OutputFormat.JSON);

        final OutputFormat format;

        Output(OutputFormat format) { this.format = format; }
    }
}
