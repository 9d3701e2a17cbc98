package io.drover.backend.nomad;

import static io.drover.backend.nomad.NomadJson.NANOS;
import static io.drover.backend.nomad.NomadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.spec.ExecCheck;
import io.drover.api.spec.HttpCheck;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Probes;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.TcpCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes both ways as the group's {@code Services} block (field names of Nomad's JSON job
 * specification, {@code Service} and {@code ServiceCheck}). One service named after the job carries
 * the checks: the readiness probe becomes the check {@code readiness}, which gates the deployment's
 * health ({@code Update.HealthCheck = "checks"}); the liveness probe becomes the check
 * {@code liveness} with a {@code CheckRestart} (limit = failureThreshold, grace =
 * initialDelaySeconds), so Nomad restarts the task when it fails. Interval and timeout are the
 * probe's period and timeout in nanoseconds.
 *
 * <p>The provider is Nomad's own service discovery ({@code Provider: "nomad"}), which takes
 * {@code http} and {@code tcp} checks only and neither {@code SuccessBeforePassing} nor
 * {@code FailuresBeforeCritical}; an exec probe becomes a {@code script} check, which needs Consul, so
 * such a service uses {@code Provider: "consul"}, and the readiness thresholds are then written
 * natively. What Nomad cannot express (readiness thresholds under the nomad provider, readiness
 * initial delay) is kept in the job's hints and is not enforced by Nomad.
 */
final class NomadChecks {
    static final String READINESS = "readiness";
    static final String LIVENESS = "liveness";

    private NomadChecks() {}

    /** The Services array for {@code spec} (empty when it has neither ports nor probes). */
    static ArrayNode toServices(ServiceSpec spec, String task, ObjectNode hints) {
        ArrayNode services = NomadJson.array();
        Probes probes = spec.probes();
        if (spec.ports().isEmpty() && probes.readiness() == null && probes.liveness() == null) return services;
        boolean consul = isExec(probes.readiness()) || isExec(probes.liveness());
        ObjectNode service = services.addObject();
        service.put("Name", spec.name());
        String portLabel = firstNonNull(label(spec, probes.readiness()), label(spec, probes.liveness()),
                spec.exposeOrNone().ports().isEmpty() ? null : label(spec, spec.exposeOrNone().ports().get(0).targetPort()),
                spec.ports().isEmpty() ? null : spec.ports().get(0).name());
        if (portLabel != null) service.put("PortLabel", portLabel);
        service.put("Provider", consul ? "consul" : "nomad");
        ArrayNode checks = NomadJson.array();
        Probe r = probes.readiness();
        if (r != null) {
            ObjectNode c = check(checks, READINESS, r, spec, task);
            if (consul) {
                c.put("SuccessBeforePassing", r.successThreshold());
                c.put("FailuresBeforeCritical", r.failureThreshold());
            }
            boolean tuned = r.initialDelaySeconds() != 0 || !consul && (r.failureThreshold() != Probe.DEFAULT_FAILURE_THRESHOLD
                    || r.successThreshold() != Probe.DEFAULT_SUCCESS_THRESHOLD);
            if (tuned) {
                ObjectNode h = hints.putObject("readiness");
                h.put("initialDelaySeconds", r.initialDelaySeconds());
                if (!consul) {
                    h.put("failureThreshold", r.failureThreshold());
                    h.put("successThreshold", r.successThreshold());
                }
            }
        }
        Probe l = probes.liveness();
        if (l != null) {
            ObjectNode c = check(checks, LIVENESS, l, spec, task);
            ObjectNode restart = c.putObject("CheckRestart");
            restart.put("Limit", l.failureThreshold());
            restart.put("Grace", l.initialDelaySeconds() * NANOS);
            restart.put("IgnoreWarnings", false);
        }
        if (!checks.isEmpty()) service.set("Checks", checks);
        // every other exposed port gets its own registration, so that its address can be read back
        for (var e : spec.exposeOrNone().ports()) {
            String label = label(spec, e.targetPort());
            if (label == null || label.equals(portLabel) || services.findValues("PortLabel").stream().anyMatch(v -> v.asText().equals(label))) continue;
            ObjectNode extra = services.addObject();
            extra.put("Name", spec.name() + "-" + label);
            extra.put("PortLabel", label);
            extra.put("Provider", consul ? "consul" : "nomad");
        }
        return services;
    }

    /** The probes the group's Services describe; {@code hints} as {@link #toServices} wrote them. */
    static Probes fromServices(JsonNode services, JsonNode hints) {
        Probe readiness = null;
        Probe liveness = null;
        for (JsonNode service : services) {
            for (JsonNode c : service.path("Checks")) {
                String port = text(c, "PortLabel") != null ? text(c, "PortLabel") : text(service, "PortLabel");
                boolean isLiveness = LIVENESS.equals(text(c, "Name")) || c.path("CheckRestart").isObject();
                HttpCheck http = null;
                TcpCheck tcp = null;
                ExecCheck exec = null;
                switch (String.valueOf(text(c, "Type"))) {
                    case "http" -> http = new HttpCheck(text(c, "Path"), port, text(c, "Protocol"));
                    case "tcp" -> tcp = new TcpCheck(port);
                    case "script" -> {
                        List<String> cmd = new ArrayList<>();
                        if (text(c, "Command") != null) cmd.add(text(c, "Command"));
                        cmd.addAll(NomadJson.strings(c.path("Args")));
                        exec = new ExecCheck(cmd);
                    }
                    default -> { continue; }
                }
                Integer period = NomadJson.seconds(c, "Interval");
                Integer timeout = NomadJson.seconds(c, "Timeout");
                if (isLiveness && liveness == null) {
                    JsonNode restart = c.path("CheckRestart");
                    liveness = new Probe(http, tcp, exec, NomadJson.seconds(restart, "Grace"), period, timeout,
                            restart.has("Limit") ? restart.get("Limit").asInt() : null, null);
                } else if (!isLiveness && readiness == null) {
                    JsonNode h = hints.path("readiness");
                    Integer failure = c.has("FailuresBeforeCritical") ? Integer.valueOf(c.get("FailuresBeforeCritical").asInt())
                            : h.has("failureThreshold") ? Integer.valueOf(h.get("failureThreshold").asInt()) : null;
                    Integer success = c.has("SuccessBeforePassing") ? Integer.valueOf(c.get("SuccessBeforePassing").asInt())
                            : h.has("successThreshold") ? Integer.valueOf(h.get("successThreshold").asInt()) : null;
                    Integer delay = h.has("initialDelaySeconds") ? h.get("initialDelaySeconds").asInt() : null;
                    readiness = new Probe(http, tcp, exec, delay, period, timeout, failure, success);
                }
            }
        }
        return readiness == null && liveness == null ? Probes.NONE : new Probes(readiness, liveness, null);
    }

    /** The port label a probe or expose reference resolves to: a declared port's name, or the name of the port with that number. */
    static String label(ServiceSpec spec, String reference) {
        if (reference == null) return null;
        if (spec.port(reference).isPresent()) return reference;
        Integer number = spec.resolvePort(reference).orElse(null);
        return spec.ports().stream().filter(p -> number != null && p.containerPort() == number).map(PortSpec::name)
                .findFirst().orElse(null);
    }

    private static String label(ServiceSpec spec, Probe probe) {
        return probe == null ? null : label(spec, probe.port());
    }

    private static ObjectNode check(ArrayNode checks, String name, Probe p, ServiceSpec spec, String task) {
        ObjectNode c = checks.addObject();
        c.put("Name", name);
        switch (p.kind()) {
            case HTTP -> {
                c.put("Type", "http");
                c.put("Path", p.http().path());
                c.put("Protocol", p.http().scheme());
                c.put("PortLabel", label(spec, p.port()));
            }
            case TCP -> {
                c.put("Type", "tcp");
                c.put("PortLabel", label(spec, p.port()));
            }
            case EXEC -> {
                c.put("Type", "script");
                List<String> cmd = p.exec().command();
                c.put("Command", cmd.get(0));
                ArrayNode args = c.putArray("Args");
                cmd.subList(1, cmd.size()).forEach(args::add);
                c.put("TaskName", task);
            }
        }
        c.put("Interval", p.periodSeconds() * NANOS);
        c.put("Timeout", p.timeoutSeconds() * NANOS);
        return c;
    }

    private static boolean isExec(Probe p) {
        return p != null && p.kind() == Probe.CheckKind.EXEC;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) if (v != null) return v;
        return null;
    }
}
