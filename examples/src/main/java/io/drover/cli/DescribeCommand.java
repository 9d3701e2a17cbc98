package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ServiceNotFoundException;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover describe NAME}: instances, endpoints and problems with hints. */
@Command(name = "describe", description = "Show a service in detail: instances, endpoints, problems with hints.")
final class DescribeCommand extends Verb {
    @Parameters(paramLabel = "NAME", description = "the service")
    String name;

    @Override
    public Integer call() {
        try (Drover drover = cli().connect()) {
            ServiceStatus status = drover.status(name).orElseThrow(() -> new ServiceNotFoundException(drover.backendName(), "describe", name));
            out().print(StatusDescription.render(status, drover.backendName(), Instant.now()));
        }
        return 0;
    }
}
