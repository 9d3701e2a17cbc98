package io.drover.backend.swarm;

import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SwarmExtension;
import io.drover.api.spec.Violation;
import io.drover.spi.support.SpecRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rule of the Swarm backend, in one place: the values of {@code spec.extensions.swarm}
 * ({@link #extension}, which hold wherever the spec is applied) and what a Docker service cannot
 * express ({@link #validate}, which adds them). Both take a spec that may still have neutral
 * violations and do not repeat those. Stateless and thread-safe.
 */
public final class SwarmSpecRules {
    private SwarmSpecRules() {}

    /** Every violation of the Swarm backend's rules, in field order; empty when Swarm has no objection. */
    public static List<Violation> validate(ServiceSpec spec) {
        List<Violation> v = new ArrayList<>();
        SwarmExtension swarm = spec.extensions().swarm();
        boolean ingress = swarm != null && swarm.publishMode() == SwarmExtension.PublishMode.INGRESS;
        // only for node-port exposures: a load balancer, which Swarm lacks, is the capability check's
        // (lenient mode turns it into a node port, and the facade then checks the result again)
        List<ExposedPort> exposed = spec.exposeOrNone().type() == ExposeType.NODE_PORT ? spec.exposeOrNone().ports() : List.of();
        for (int i = 0; i < exposed.size(); i++) {
            if (exposed.get(i).nodePort() != null && !ingress) {
                v.add(new Violation("spec.expose.ports[" + i + "].nodePort",
                        "needs spec.extensions.swarm.publishMode: ingress on Swarm (in host mode each instance gets its own port)"));
            }
        }
        v.addAll(extension(spec));
        return v;
    }

    /** Every violation in {@code spec.extensions.swarm}; empty when the section is absent or valid. */
    public static List<Violation> extension(ServiceSpec spec) {
        List<Violation> v = new ArrayList<>();
        SwarmExtension s = spec.extensions().swarm();
        if (s == null) return v;
        if (s.stopGracePeriodSeconds() != null && s.stopGracePeriodSeconds() < 0) v.add(new Violation("spec.extensions.swarm.stopGracePeriodSeconds", "must be 0 or more, was " + s.stopGracePeriodSeconds()));
        for (int i = 0; i < s.networks().size(); i++) {
            if (s.networks().get(i) == null || s.networks().get(i).isBlank()) v.add(new Violation("spec.extensions.swarm.networks[" + i + "]", "must not be empty"));
            else if (s.networks().indexOf(s.networks().get(i)) < i) v.add(new Violation("spec.extensions.swarm.networks[" + i + "]", "duplicates network '" + s.networks().get(i) + "'"));
            else SpecRules.printable(s.networks().get(i), "spec.extensions.swarm.networks[" + i + "]", v);
        }
        return v;
    }
}
