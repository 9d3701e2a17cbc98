package io.drover.backend.nomad;

import io.drover.api.spec.NomadExtension;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ResourceAmounts;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.Violation;
import io.drover.spi.support.SpecRules;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Every rule of the Nomad backend, in one place: the values of {@code spec.extensions.nomad}
 * ({@link #extension}, which hold wherever the spec is applied) and what a Nomad job cannot express
 * ({@link #validate}, which adds them). Both take a spec that may still have neutral violations and
 * do not repeat those. Stateless and thread-safe.
 */
public final class NomadSpecRules {
    private NomadSpecRules() {}

    /** Every violation of the Nomad backend's rules, in field order; empty when Nomad has no objection. */
    public static List<Violation> validate(ServiceSpec spec) {
        List<Violation> out = new ArrayList<>();
        ResourceAmounts req = spec.resources().requests();
        ResourceAmounts lim = spec.resources().limits();
        if (req.cpu() != null && lim.cpu() != null && !req.cpu().equals(lim.cpu())) {
            out.add(new Violation("spec.resources.limits.cpu", "Nomad caps CPU only at the reservation (docker cpu_hard_limit): "
                    + "set requests.cpu and limits.cpu equal, or drop one"));
        }
        probePort(spec, spec.probes().readiness(), "spec.probes.readiness", out);
        probePort(spec, spec.probes().liveness(), "spec.probes.liveness", out);
        List<String> constraints = spec.placement().constraints();
        for (int i = 0; i < constraints.size(); i++) {
            // node.role is the one attribute of the neutral rules that Nomad has no counterpart for
            // (every spread has one); constraints the neutral rules refuse are theirs to report
            Matcher m = NomadPolicies.CONSTRAINT.matcher(constraints.get(i));
            if (m.matches() && m.group(1).equals("node.role")) {
                out.add(new Violation("spec.placement.constraints[" + i + "]", "Nomad has no node attribute for '" + m.group(1)
                        + "'; use node.id, node.hostname, node.platform.os, node.platform.arch or node.labels.<key> (client meta)"));
            }
        }
        if (spec.security().runAsGroup() != null && spec.security().runAsUser() == null) {
            out.add(new Violation("spec.security.runAsGroup", "Nomad's task User takes a group only after a user (uid:gid): set runAsUser too"));
        }
        out.addAll(extension(spec));
        NomadExtension ext = spec.extensions().nomad();
        if (ext != null && ext.canary() != null && ext.canary() > 0 && spec.update().order() == UpdateOrder.STOP_FIRST) {
            out.add(new Violation("spec.extensions.nomad.canary", "canaries start new instances before old ones stop: they need update.order startFirst"));
        }
        return out;
    }

    /** Every violation in {@code spec.extensions.nomad}; empty when the section is absent or valid. */
    public static List<Violation> extension(ServiceSpec spec) {
        List<Violation> v = new ArrayList<>();
        NomadExtension n = spec.extensions().nomad();
        if (n == null) return v;
        for (int i = 0; i < n.datacenters().size(); i++) {
            if (n.datacenters().get(i) == null || n.datacenters().get(i).isBlank()) v.add(new Violation("spec.extensions.nomad.datacenters[" + i + "]", "must not be empty"));
            else if (n.datacenters().indexOf(n.datacenters().get(i)) < i) v.add(new Violation("spec.extensions.nomad.datacenters[" + i + "]", "duplicates datacenter '" + n.datacenters().get(i) + "'"));
            else SpecRules.printable(n.datacenters().get(i), "spec.extensions.nomad.datacenters[" + i + "]", v);
        }
        if (n.namespace() != null && spec.namespace() != null && !n.namespace().equals(spec.namespace())) {
            v.add(new Violation("spec.extensions.nomad.namespace", "is '" + n.namespace() + "' but metadata.namespace is '"
                    + spec.namespace() + "'; set metadata.namespace only"));
        }
        if (n.namespace() != null && n.namespace().isBlank()) v.add(new Violation("spec.extensions.nomad.namespace", "must not be empty"));
        if (n.region() != null && n.region().isBlank()) v.add(new Violation("spec.extensions.nomad.region", "must not be empty"));
        if (n.namespace() != null) SpecRules.printable(n.namespace(), "spec.extensions.nomad.namespace", v);
        if (n.region() != null) SpecRules.printable(n.region(), "spec.extensions.nomad.region", v);
        if (n.canary() != null && n.canary() < 0) v.add(new Violation("spec.extensions.nomad.canary", "must be 0 or more, was " + n.canary()));
        if (n.priority() != null && (n.priority() < 1 || n.priority() > 100)) v.add(new Violation("spec.extensions.nomad.priority", "must be 1..100, was " + n.priority()));
        return v;
    }

    /**
     * A Nomad check names its port by label, so a probe on a port number needs a declared port with
     * that number; a name that is no declared port is the neutral rules' to report.
     */
    private static void probePort(ServiceSpec spec, Probe p, String path, List<Violation> out) {
        if (p == null || p.port() == null || p.port().isEmpty() || !p.port().chars().allMatch(Character::isDigit)) return;
        if (NomadChecks.label(spec, p.port()) == null) {
            out.add(new Violation(path + (p.http() != null ? ".http" : ".tcp") + ".port",
                    "Nomad checks a port by its label: '" + p.port() + "' must name a declared port or be the number of one"));
        }
    }
}
