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
 * the current revision, AVAILABLE the ready ones, AGE how long the oldest instance has run. The
 * wide form ({@code -o wide}) adds a second table with every instance, like {@code kubectl get pods -o wide}:
 * INSTANCE SERVICE STATE READY RESTARTS LAST-EXIT NODE PORTS REVISION AGE.
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

    /** The table, then (when any instance exists) a blank line and one row per instance. */
    static String renderWide(List<ServiceStatus> statuses, Instant now) {
        Table t = Table.of("INSTANCE", "SERVICE", "STATE", "READY", "RESTARTS", "LAST-EXIT", "NODE", "PORTS", "REVISION", "AGE");
        boolean any = false;
        for (ServiceStatus s : statuses) {
            for (InstanceStatus i : s.instances()) {
                any = true;
                t = t.row(i.id(), s.name(), i.state(), i.ready() ? "yes" : "no", i.restarts(),
                        i.lastExitCode() == null ? "-" : i.lastExitCode().toString(), StatusDescription.dash(i.node()),
                        StatusDescription.ports(i), i.revision(), i.startedAt() == null ? "-" : Age.format(Duration.between(i.startedAt(), now)));
            }
        }
        return any ? render(statuses, now) + "\n" + t.render() : render(statuses, now);
    }

    /** How long the service's oldest instance has run, or {@code -} when none runs. */
    static String age(ServiceStatus s, Instant now) {
        Optional<Instant> oldest = s.instances().stream().map(InstanceStatus::startedAt).filter(Objects::nonNull).min(Instant::compareTo);
        return oldest.map(t -> Age.format(Duration.between(t, now))).orElse("-");
    }
}
