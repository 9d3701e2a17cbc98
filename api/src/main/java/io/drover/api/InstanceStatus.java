package io.drover.api;

import java.time.Instant;
import java.util.List;

/**
 * One instance of a service: its id, the node it runs on, its state and readiness, how often it
 * restarted and how it last exited, the revision it runs, its port bindings and a message.
 */
public record InstanceStatus(String id, String node, InstanceState state, boolean ready, int restarts,
        Integer lastExitCode, long revision, List<PortBinding> ports, Instant startedAt, String message) {
    public InstanceStatus {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** The binding of the declared port with this name, or null. */
    public PortBinding port(String name) {
        return ports.stream().filter(p -> name.equals(p.name())).findFirst().orElse(null);
    }
}
