package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.cli.daemon.DaemonBackend;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover describe NAME}: instances, endpoints, problems with hints, and (local backend) recent events. */
@Command(name = "describe", description = "Show a service in detail: instances, endpoints, problems with hints.")
final class DescribeCommand extends Verb {
    @Parameters(paramLabel = "NAME", description = "the service")
    String name;

    @Override
    public Integer call() {
        try (Drover drover = cli().connect()) {
            ServiceStatus status = drover.status(name).orElseThrow(() -> new ServiceNotFoundException(drover.backendName(), "describe", name));
            out().print(StatusDescription.render(status, drover.backendName(), Instant.now(), recentEvents(drover)));
        }
        return 0;
    }

    /** The events the local daemon kept for the service; null for backends whose events are not kept. */
    private List<ServiceEvent> recentEvents(Drover drover) {
        DaemonBackend daemon;
        try {
            daemon = drover.unwrap(DaemonBackend.class);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return daemon.recentEvents(name);
    }
}
