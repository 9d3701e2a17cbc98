package io.drover.api.spec;

import io.drover.api.error.InvalidSpecException;
import io.drover.spi.support.SpecRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The semantic rules of a {@link ServiceSpec}, checked before anything reaches a backend. Every
 * violation is reported at once, each with its JSON path and a plain-language reason. Stateless and
 * thread-safe. The rules are listed field by field in {@code docs/spec-reference.md}.
 *
 * <p>These are the neutral rules only: the extension sections ({@code spec.extensions.<backend>})
 * and a backend's own limits are checked by that backend ({@link io.drover.spi.Backend#validate}),
 * and the facade reports both kinds together.
 */
public final class SpecValidator {
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    static final Pattern CONSTRAINT = Pattern.compile(
            "\\s*(node\\.(?:id|hostname|role|platform\\.os|platform\\.arch|labels\\.[A-Za-z0-9_.-]+))\\s*(==|!=)\\s*(\\S+)\\s*");
    static final Pattern SPREAD = Pattern.compile("node\\.(?:id|hostname|labels\\.[A-Za-z0-9_.-]+)");
    static final Pattern LINUX_CAP = Pattern.compile("(CAP_)?[A-Z][A-Z_]*");
    /** The largest CPU amount whose millicores fit a long. */
    static final BigDecimal MAX_CPU = BigDecimal.valueOf(Long.MAX_VALUE).movePointLeft(3).setScale(0, RoundingMode.FLOOR);
    /** The largest memory amount whose bytes fit a long. */
    static final BigDecimal MAX_MEMORY = BigDecimal.valueOf(Long.MAX_VALUE);

    private SpecValidator() {}

    /** Every violation in the spec, in field order; empty when the spec is valid. */
    public static List<Violation> validate(ServiceSpec spec) {
        List<Violation> v = new ArrayList<>();
        name(spec.name(), v);
        namespace(spec.namespace(), "metadata.namespace", v);
        SpecRules.labels(spec.labels(), "metadata.labels", true, v);
        if (spec.image() != null && (spec.image().isBlank() || !IMAGE.matcher(spec.image()).matches())) {
            v.add(new Violation("spec.image", "must be an image reference such as nginx:1.27 or registry.example/app@sha256:<digest>, was '" + spec.image() + "'"));
        }
        if (spec.image() == null && spec.command().isEmpty()) {
            v.add(new Violation("spec.image", "is required unless spec.command is given"));
        }
        for (int i = 0; i < spec.command().size(); i++) {
            if (spec.command().get(i) == null || (i == 0 && spec.command().get(0).isBlank())) {
                v.add(new Violation("spec.command[" + i + "]", i == 0 ? "must name the program to run" : "must not be empty"));
            } else {
                SpecRules.printable(spec.command().get(i), "spec.command[" + i + "]", v);
            }
        }
        for (int i = 0; i < spec.args().size(); i++) {
            if (spec.args().get(i) == null) v.add(new Violation("spec.args[" + i + "]", "must not be empty"));
            else SpecRules.printable(spec.args().get(i), "spec.args[" + i + "]", v);
        }
        spec.env().forEach((k, val) -> {
            if (k == null || !ENV_NAME.matcher(k).matches()) v.add(new Violation("spec.env." + k, "is not a valid environment variable name (letters, digits and _, not starting with a digit)"));
            if (val == null) v.add(new Violation("spec.env." + k, "must have a value"));
            else SpecRules.printable(val, "spec.env." + k, v);
        });
        secrets(spec, v);
        if (spec.replicas() < 0) v.add(new Violation("spec.replicas", "must be 0 or more, was " + spec.replicas()));
        if (spec.replicas() > 10_000) v.add(new Violation("spec.replicas", "must be at most 10000, was " + spec.replicas()));
        ports(spec, v);
        expose(spec, v);
        resources(spec.resources(), v);
        probe(spec, spec.probes().readiness(), "spec.probes.readiness", false, v);
        probe(spec, spec.probes().liveness(), "spec.probes.liveness", true, v);
        probe(spec, spec.probes().startup(), "spec.probes.startup", true, v);
        update(spec.update(), v);
        placement(spec.placement(), v);
        security(spec.security(), v);
        if (spec.restart().maxAttempts() != null && spec.restart().maxAttempts() < 0) {
            v.add(new Violation("spec.restart.maxAttempts", "must be 0 or more, was " + spec.restart().maxAttempts()));
        } else if (spec.restart().maxAttempts() != null && spec.restart().policy() == RestartCondition.NEVER) {
            v.add(new Violation("spec.restart.maxAttempts", "has no effect when spec.restart.policy is never; remove it"));
        }
        return v;
    }

    /** Throws {@link InvalidSpecException} with every violation when the spec is invalid. */
    public static void check(ServiceSpec spec) {
        List<Violation> v = validate(spec);
        if (!v.isEmpty()) throw new InvalidSpecException(v);
    }

    private static void name(String name, List<Violation> v) {
        if (name == null || name.isEmpty()) {
            v.add(new Violation("metadata.name", "is required"));
        } else if (name.length() > 63) {
            v.add(new Violation("metadata.name", "must be at most 63 characters, was " + name.length()));
        } else if (!SpecRules.isDnsLabel(name)) {
            v.add(new Violation("metadata.name", "must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), was '" + name + "'"));
        } else if (!Character.isLetter(name.charAt(0))) {
            v.add(new Violation("metadata.name", "must start with a letter (Kubernetes and Nomad service names do), was '" + name + "'"));
        }
    }

    /** A namespace (null: the facade's) must be a DNS-1123 label, as Kubernetes and Nomad namespaces are. */
    public static void namespace(String namespace, String path, List<Violation> v) {
        if (namespace == null) return;
        if (namespace.isEmpty()) {
            v.add(new Violation(path, "must not be empty (leave it out for the default namespace)"));
        } else if (namespace.length() > 63) {
            v.add(new Violation(path, "must be at most 63 characters, was " + namespace.length()));
        } else if (!SpecRules.isDnsLabel(namespace)) {
            v.add(new Violation(path, "must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), was '" + namespace + "'"));
        }
    }

    private static void secrets(ServiceSpec spec, List<Violation> v) {
        Set<String> names = new HashSet<>();
        Set<String> envs = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < spec.secrets().size(); i++) {
            SecretRef s = spec.secrets().get(i);
            String p = "spec.secrets[" + i + "]";
            if (s == null) {
                v.add(new Violation(p, "must not be empty"));
                continue;
            }
            if (s.name() == null || s.name().isEmpty()) v.add(new Violation(p + ".name", "is required"));
            else if (s.name().length() > 63 || !SpecRules.isDnsSubdomain(s.name())) v.add(new Violation(p + ".name", "must be lower-case letters, digits, '-' and '.', at most 63 characters, was '" + s.name() + "'"));
            else if (!names.add(s.name())) v.add(new Violation(p + ".name", "duplicates secret '" + s.name() + "'"));
            if (s.env() == null && s.path() == null) v.add(new Violation(p, "must set env, path or both (how the service receives the secret)"));
            if (s.env() != null) {
                if (!ENV_NAME.matcher(s.env()).matches()) v.add(new Violation(p + ".env", "is not a valid environment variable name, was '" + s.env() + "'"));
                else if (spec.env().containsKey(s.env())) v.add(new Violation(p + ".env", "collides with spec.env." + s.env()));
                else if (!envs.add(s.env())) v.add(new Violation(p + ".env", "is already used by another secret"));
            }
            if (s.path() != null && (!s.path().startsWith("/") || s.path().contains(".."))) {
                v.add(new Violation(p + ".path", "must be an absolute path without '..', was '" + s.path() + "'"));
            } else if (s.path() != null && !paths.add(s.path())) {
                v.add(new Violation(p + ".path", "is already used by another secret: " + s.path()));
            }
            if (s.fromEnv() != null && s.fromFile() != null) v.add(new Violation(p, "must set at most one of fromEnv and fromFile"));
            if (s.fromEnv() != null && !ENV_NAME.matcher(s.fromEnv()).matches()) v.add(new Violation(p + ".fromEnv", "is not a valid environment variable name, was '" + s.fromEnv() + "'"));
            if (s.fromFile() != null && s.fromFile().isBlank()) v.add(new Violation(p + ".fromFile", "must not be empty"));
            else if (s.fromFile() != null) SpecRules.printable(s.fromFile(), p + ".fromFile", v);
            if (s.path() != null) SpecRules.printable(s.path(), p + ".path", v);
        }
    }

    private static void ports(ServiceSpec spec, List<Violation> v) {
        Set<String> names = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        Set<Integer> hostPorts = new HashSet<>();
        for (int i = 0; i < spec.ports().size(); i++) {
            PortSpec port = spec.ports().get(i);
            String p = "spec.ports[" + i + "]";
            if (port == null) {
                v.add(new Violation(p, "must not be empty"));
                continue;
            }
            if (port.name() == null || port.name().isEmpty()) {
                v.add(new Violation(p + ".name", "is required (probes and expose refer to ports by name)"));
            } else if (port.name().length() > 15 || !SpecRules.isDnsLabel(port.name()) || port.name().chars().noneMatch(Character::isLetter)) {
                v.add(new Violation(p + ".name", "must be at most 15 lower-case letters, digits and '-', with at least one letter, was '" + port.name() + "'"));
            } else if (!names.add(port.name())) {
                v.add(new Violation(p + ".name", "duplicates port name '" + port.name() + "'"));
            }
            if (port.containerPort() < 1 || port.containerPort() > 65535) {
                v.add(new Violation(p + ".containerPort", "must be 1..65535, was " + port.containerPort()));
            } else if (!numbers.add(port.containerPort() + "/" + port.protocol())) {
                v.add(new Violation(p + ".containerPort", "duplicates port " + port.containerPort() + "/" + port.protocol().name().toLowerCase()));
            }
            if (port.hostPort() != null) {
                if (port.hostPort() < 1 || port.hostPort() > 65535) v.add(new Violation(p + ".hostPort", "must be 1..65535, was " + port.hostPort()));
                else if (!hostPorts.add(port.hostPort())) v.add(new Violation(p + ".hostPort", "duplicates host port " + port.hostPort()));
                else if (spec.replicas() > 1) v.add(new Violation(p + ".hostPort", "pins one host port, so at most one replica fits per node; leave it unset or expose the service instead"));
            }
        }
    }

    private static void expose(ServiceSpec spec, List<Violation> v) {
        ExposeSpec e = spec.expose();
        if (e == null) return;
        if (e.type() == ExposeType.NONE) {
            if (!e.ports().isEmpty()) v.add(new Violation("spec.expose.ports", "must be empty when spec.expose.type is none"));
            return;
        }
        if (e.ports().isEmpty()) v.add(new Violation("spec.expose.ports", "must list at least one port when the service is exposed"));
        Set<Integer> seen = new HashSet<>();
        Set<Integer> nodePorts = new HashSet<>();
        for (int i = 0; i < e.ports().size(); i++) {
            ExposedPort x = e.ports().get(i);
            String p = "spec.expose.ports[" + i + "]";
            if (x.port() < 1 || x.port() > 65535) v.add(new Violation(p + ".port", "must be 1..65535, was " + x.port()));
            else if (!seen.add(x.port())) v.add(new Violation(p + ".port", "duplicates exposed port " + x.port()));
            if (x.targetPort() == null || x.targetPort().isEmpty()) {
                v.add(new Violation(p + ".targetPort", "is required (a declared port's name)"));
            } else if (!declared(spec, x.targetPort())) {
                v.add(new Violation(p + ".targetPort", "names no declared port: '" + x.targetPort() + "'" + knownPorts(spec)));
            }
            if (x.nodePort() != null) {
                if (e.type() == ExposeType.INTERNAL) v.add(new Violation(p + ".nodePort", "is only allowed when spec.expose.type is nodePort or loadBalancer"));
                else if (x.nodePort() < 1 || x.nodePort() > 65535) v.add(new Violation(p + ".nodePort", "must be 1..65535, was " + x.nodePort()));
                else if (!nodePorts.add(x.nodePort())) v.add(new Violation(p + ".nodePort", "duplicates node port " + x.nodePort()));
            }
        }
    }

    private static boolean declared(ServiceSpec spec, String ref) {
        if (spec.port(ref).isPresent()) return true;
        try {
            int n = Integer.parseInt(ref);
            return spec.ports().stream().anyMatch(p -> p != null && p.containerPort() == n);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String knownPorts(ServiceSpec spec) {
        if (spec.ports().isEmpty()) return " (spec.ports declares none)";
        return " (declared: " + String.join(", ", spec.ports().stream().filter(p -> p != null).map(p -> String.valueOf(p.name())).toList()) + ")";
    }

    private static void resources(Resources r, List<Violation> v) {
        quantity(r.requests().cpu(), "spec.resources.requests.cpu", MAX_CPU, v);
        quantity(r.requests().memory(), "spec.resources.requests.memory", MAX_MEMORY, v);
        quantity(r.limits().cpu(), "spec.resources.limits.cpu", MAX_CPU, v);
        quantity(r.limits().memory(), "spec.resources.limits.memory", MAX_MEMORY, v);
        notAbove(r.requests().cpu(), r.limits().cpu(), "spec.resources.requests.cpu", v);
        notAbove(r.requests().memory(), r.limits().memory(), "spec.resources.requests.memory", v);
    }

    private static void quantity(Quantity q, String path, BigDecimal max, List<Violation> v) {
        if (q == null) return;
        if (!q.isValid()) v.add(new Violation(path, q.problem()));
        else if (q.amount().signum() == 0) v.add(new Violation(path, "must be more than 0, was '" + q + "'"));
        else if (q.amount().compareTo(max) > 0) v.add(new Violation(path, "must be at most " + max.toPlainString() + ", was '" + q + "'"));
    }

    private static void notAbove(Quantity request, Quantity limit, String path, List<Violation> v) {
        if (request == null || limit == null || !request.isValid() || !limit.isValid()) return;
        if (request.amount().compareTo(limit.amount()) > 0) {
            v.add(new Violation(path, "must not exceed the limit " + limit + ", was " + request));
        }
    }

    private static void probe(ServiceSpec spec, Probe probe, String p, boolean successMustBeOne, List<Violation> v) {
        if (probe == null) return;
        int kinds = (probe.http() != null ? 1 : 0) + (probe.tcp() != null ? 1 : 0) + (probe.exec() != null ? 1 : 0);
        if (kinds != 1) v.add(new Violation(p, "must set exactly one of http, tcp and exec, " + (kinds == 0 ? "set none" : "set " + kinds)));
        if (probe.http() != null) {
            HttpCheck h = probe.http();
            if (!h.path().startsWith("/")) v.add(new Violation(p + ".http.path", "must start with '/', was '" + h.path() + "'"));
            else if (h.path().chars().anyMatch(Character::isWhitespace)) v.add(new Violation(p + ".http.path", "must not contain whitespace (encode it as %20), was '" + h.path() + "'"));
            else SpecRules.printable(h.path(), p + ".http.path", v);
            if (!h.scheme().equals("http") && !h.scheme().equals("https")) v.add(new Violation(p + ".http.scheme", "must be http or https, was '" + h.scheme() + "'"));
            probePort(spec, h.port(), p + ".http.port", v);
        }
        if (probe.tcp() != null) probePort(spec, probe.tcp().port(), p + ".tcp.port", v);
        if (probe.exec() != null && (probe.exec().command().isEmpty() || probe.exec().command().get(0) == null || probe.exec().command().get(0).isBlank())) {
            v.add(new Violation(p + ".exec.command", "must name the program to run"));
        } else if (probe.exec() != null) {
            for (int i = 0; i < probe.exec().command().size(); i++) SpecRules.printable(probe.exec().command().get(i), p + ".exec.command[" + i + "]", v);
        }
        if (probe.initialDelaySeconds() < 0) v.add(new Violation(p + ".initialDelaySeconds", "must be 0 or more, was " + probe.initialDelaySeconds()));
        if (probe.periodSeconds() < 1) v.add(new Violation(p + ".periodSeconds", "must be 1 or more, was " + probe.periodSeconds()));
        if (probe.timeoutSeconds() < 1) v.add(new Violation(p + ".timeoutSeconds", "must be 1 or more, was " + probe.timeoutSeconds()));
        if (probe.failureThreshold() < 1) v.add(new Violation(p + ".failureThreshold", "must be 1 or more, was " + probe.failureThreshold()));
        if (probe.successThreshold() < 1) v.add(new Violation(p + ".successThreshold", "must be 1 or more, was " + probe.successThreshold()));
        else if (successMustBeOne && probe.successThreshold() != 1) v.add(new Violation(p + ".successThreshold", "must be 1 for liveness and startup probes, was " + probe.successThreshold()));
    }

    private static void probePort(ServiceSpec spec, String ref, String p, List<Violation> v) {
        if (ref == null || ref.isEmpty()) {
            v.add(new Violation(p, "is required (a declared port's name)"));
            return;
        }
        Optional<PortSpec> named = spec.port(ref);
        if (named.isPresent()) {
            if (named.get().protocol() == Protocol.UDP) v.add(new Violation(p, "names UDP port '" + ref + "'; http and tcp probes need a TCP port"));
            return;
        }
        try {
            int n = Integer.parseInt(ref);
            if (n < 1 || n > 65535) v.add(new Violation(p, "must be 1..65535, was " + n));
        } catch (NumberFormatException e) {
            v.add(new Violation(p, "names no declared port: '" + ref + "'" + knownPorts(spec)));
        }
    }

    private static void update(UpdatePolicy u, List<Violation> v) {
        if (u.parallelism() < 1) v.add(new Violation("spec.update.parallelism", "must be 1 or more, was " + u.parallelism()));
        if (u.monitorSeconds() < 0) v.add(new Violation("spec.update.monitorSeconds", "must be 0 or more, was " + u.monitorSeconds()));
        if (u.delaySeconds() < 0) v.add(new Violation("spec.update.delaySeconds", "must be 0 or more, was " + u.delaySeconds()));
    }

    private static void placement(Placement pl, List<Violation> v) {
        for (int i = 0; i < pl.constraints().size(); i++) {
            String c = pl.constraints().get(i);
            if (c == null || !CONSTRAINT.matcher(c).matches()) {
                v.add(new Violation("spec.placement.constraints[" + i + "]", "must read '<attribute> == <value>' or '<attribute> != <value>' with attribute node.id, node.hostname, node.role, node.platform.os, node.platform.arch or node.labels.<key>, was '" + c + "'"));
            } else {
                SpecRules.printable(c, "spec.placement.constraints[" + i + "]", v);
            }
        }
        if (pl.spread() != null && !SPREAD.matcher(pl.spread()).matches()) {
            v.add(new Violation("spec.placement.spread", "must be node.id, node.hostname or node.labels.<key>, was '" + pl.spread() + "'"));
        }
        if (pl.maxPerNode() != null && pl.maxPerNode() < 1) v.add(new Violation("spec.placement.maxPerNode", "must be 1 or more, was " + pl.maxPerNode()));
    }

    private static void security(SecurityPolicy s, List<Violation> v) {
        if (s.runAsUser() != null && s.runAsUser() < 0) v.add(new Violation("spec.security.runAsUser", "must be 0 or more, was " + s.runAsUser()));
        if (s.runAsGroup() != null && s.runAsGroup() < 0) v.add(new Violation("spec.security.runAsGroup", "must be 0 or more, was " + s.runAsGroup()));
        if (Boolean.TRUE.equals(s.runAsNonRoot()) && s.runAsUser() != null && s.runAsUser() == 0) {
            v.add(new Violation("spec.security.runAsUser", "is 0 (root) while spec.security.runAsNonRoot is true"));
        }
        capabilities(s.dropCapabilities(), "spec.security.dropCapabilities", v);
        capabilities(s.addCapabilities(), "spec.security.addCapabilities", v);
        for (int i = 0; i < s.addCapabilities().size(); i++) {
            String c = s.addCapabilities().get(i);
            if (c != null && s.dropCapabilities().contains(c) && !c.equals("ALL")) {
                v.add(new Violation("spec.security.addCapabilities[" + i + "]", "is also dropped in spec.security.dropCapabilities: " + c));
            }
        }
    }

    private static void capabilities(List<String> caps, String p, List<Violation> v) {
        for (int i = 0; i < caps.size(); i++) {
            String c = caps.get(i);
            if (c == null || !LINUX_CAP.matcher(c).matches()) v.add(new Violation(p + "[" + i + "]", "must be a Linux capability name such as NET_ADMIN or ALL, was '" + c + "'"));
        }
    }
}
