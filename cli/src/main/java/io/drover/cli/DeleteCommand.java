package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.error.ServiceNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover delete NAME}: like kubectl, a missing service is an error unless {@code --ignore-not-found}. */
@Command(name = "delete", description = "Delete a service and everything Drover created for it.")
final class DeleteCommand extends Verb {
    @Parameters(paramLabel = "NAME", description = "the service")
    String name;

    @Option(names = "--ignore-not-found", description = "succeed when the service does not exist")
    boolean ignoreNotFound;

    @Override
    public Integer call() {
        try (Drover drover = cli().connect()) {
            if (drover.delete(name)) {
                out().println("service/" + name + " deleted");
            } else if (ignoreNotFound) {
                out().println("service/" + name + " not found (nothing to delete)");
            } else {
                throw new ServiceNotFoundException(drover.backendName(), "delete", name);
            }
        }
        return 0;
    }
}
