package io.drover.cli;

import io.drover.api.Endpoint;
import io.drover.api.InstanceStatus;
import io.drover.api.PortBinding;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.ServiceSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code drover describe} prints, shaped like {@code kubectl describe}: the service's
 * replicas, revision and spec essentials, each instance (node, state, ready, restarts, last exit,
 * ports, age, message), the endpoints, every problem with the backend's native reason and a hint,
 * and the recent events where the backend keeps them.
 */
final class StatusDescription {
    private StatusDescription() {}

    /** The description of {@code s} on {@code backend}, ages measured at {@code now}, without events. */
    static String render(ServiceStatus s, String backend, Instant now) {
        return render(s, backend, now, null);
    }

    /**
     * The description with the recent events (oldest first) under Events; null when the backend
     * keeps none (the section is left out).
     */
    static String render(ServiceStatus s, String backend, Instant now, List<ServiceEvent> events) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        field(out, "Name", s.name());
        field(out, "Backend", backend);
        field(out, "State", s.state().toString());
        field(out, "Replicas", s.desired() + " desired | " + s.running() + " running | " + s.ready() + " ready | "
                + s.updated() + " up-to-date");
        field(out, "Revision", Long.toString(s.revision()));
        field(out, "Labels", join(s.labels()));
        ServiceSpec spec = s.spec();
        if (spec != null) {
            if (spec.image() != null) field(out, "Image", spec.image());
            if (!spec.command().isEmpty() || !spec.args().isEmpty()) {
                field(out, "Command", String.join(" ", spec.command()) + (spec.args().isEmpty() ? "" : " " + String.join(" ", spec.args())));
            }
            if (!spec.ports().isEmpty()) {
                field(out, "Ports", spec.ports().stream().map(p -> p.name() + " " + p.containerPort() + "/" + p.protocol())
                        .collect(Collectors.joining(", ")));
            }
            if (spec.probes().readiness() != null) field(out, "Readiness", probe(spec.probes().readiness()));
            if (spec.probes().liveness() != null) field(out, "Liveness", probe(spec.probes().liveness()));
            if (spec.probes().startup() != null) field(out, "Startup", probe(spec.probes().startup()));
        }
        out.println("Endpoints:");
        if (s.endpoints().isEmpty()) out.println("  <none>");
        for (Endpoint e : s.endpoints()) {
            out.println("  " + e.name() + "   " + e.address() + "   (" + ExposeCommand.typeName(e.type()) + ", " + e.protocol() + ")");
        }
        out.println("Instances:");
        if (s.instances().isEmpty()) {
            out.println("  <none>");
        } else {
            Table t = Table.of("ID", "NODE", "STATE", "READY", "RESTARTS", "LAST EXIT", "REVISION", "PORTS", "AGE", "MESSAGE");
            for (InstanceStatus i : s.instances()) {
                t = t.row(i.id(), dash(i.node()), i.state(), i.ready() ? "yes" : "no", i.restarts(),
                        i.lastExitCode() == null ? "-" : i.lastExitCode().toString(), i.revision(), ports(i),
                        i.startedAt() == null ? "-" : Age.format(Duration.between(i.startedAt(), now)), dash(i.message()));
            }
            t.render().lines().forEach(l -> out.println("  " + l));
        }
        out.println("Problems:");
        if (s.problems().isEmpty()) out.println("  <none>");
        ProblemText.print(s.problems(), out);
        if (events != null) {
            out.println("Events:");
            if (events.isEmpty()) out.println("  <none>");
            Table t = Table.of("AGE", "TYPE", "MESSAGE");
            for (ServiceEvent e : events) t = t.row(Age.format(Duration.between(e.time(), now)), e.type(), e.message());
            if (!events.isEmpty()) t.render().lines().forEach(l -> out.println("  " + l));
        }
        out.flush();
        return text.toString();
    }

    private static void field(PrintWriter out, String name, String value) {
        out.println(String.format("%-12s%s", name + ":", value == null || value.isEmpty() ? "<none>" : value));
    }

    private static String probe(io.drover.api.spec.Probe p) {
        String what = switch (p.kind() == null ? io.drover.api.spec.Probe.CheckKind.EXEC : p.kind()) {
            case HTTP -> "http-get " + p.http().path() + " on " + p.http().port();
            case TCP -> "tcp-connect " + p.tcp().port();
            case EXEC -> p.exec() == null ? "<none>" : "exec " + String.join(" ", p.exec().command());
        };
        return what + " delay=" + p.initialDelaySeconds() + "s period=" + p.periodSeconds() + "s timeout=" + p.timeoutSeconds()
                + "s #failure=" + p.failureThreshold();
    }

    /** The instance's port bindings as {@code name=address,...}, or {@code -}. */
    static String ports(InstanceStatus i) {
        if (i.ports().isEmpty()) return "-";
        return i.ports().stream().map(StatusDescription::port).collect(Collectors.joining(","));
    }

    private static String port(PortBinding b) {
        return (b.name() == null ? b.containerPort() : b.name()) + "=" + b.address();
    }

    private static String join(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** {@code s}, or {@code -} when it is null or blank. */
    static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
