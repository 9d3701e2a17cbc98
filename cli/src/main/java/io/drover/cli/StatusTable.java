package io.drover.cli;

import io.drover.api.InstanceStatus;
import io.drover.api.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The table {@code drover get} prints, shaped like {@code kubectl get deployments}:
 * NAME READY UP-TO-DATE AVAILABLE STATE AGE. READY is ready/desired, UP-TO-DATE the instances on
 * the current revision, AVAILABLE the ready ones, AGE how long the oldest instance has run.
 */
final class StatusTable {
    private StatusTable() {}

    /** The table for these statuses, ages measured at {@code now}. */
    static String render(List<ServiceStatus> statuses, Instant now) {
        Table t = Table.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "STATE", "AGE");
        for (ServiceStatus s : statuses) {
            t = t.row(s.name(), s.ready() + "/" + s.desired(), s.updated(), s.ready(), s.state(), age(s, now));
        }
        return t.render();
    }

    /** How long the service's oldest instance has run, or {@code -} when none runs. */
    static String age(ServiceStatus s, Instant now) {
        Optional<Instant> oldest = s.instances().stream().map(InstanceStatus::startedAt).filter(Objects::nonNull).min(Instant::compareTo);
        return oldest.map(t -> Age.format(Duration.between(t, now))).orElse("-");
    }
}
