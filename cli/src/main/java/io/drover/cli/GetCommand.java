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
@Command(name = "get", description = "List services, or show one (table, or -o yaml|json for the full status with its spec).")
final class GetCommand extends Verb {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "the service (default: all)")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml or json")
    OutputFormat output;

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
            if (output != null) {
                out().print(output.write(name != null ? statuses.get(0) : statuses));
            } else if (statuses.isEmpty()) {
                err().println("No services found on the " + drover.backendName() + " backend.");
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
}
