package io.drover.backend.swarm;

import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Probes;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.spi.Downgrades;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What lenient mode makes of a spec on Swarm: the nearest equivalent of each capability Swarm lacks. */
final class SwarmDowngrades {
    private SwarmDowngrades() {}

    /**
     * Lenient mode on Swarm: several probes become the one health check (the readiness probe, with
     * a start period long enough for a startup probe); a startup probe alone becomes the health
     * check; a secret wanted in an environment variable is delivered as the file
     * {@code /run/secrets/<name>} instead; "not as root" is met by the given user when it is not 0.
     * The rest follows {@link Downgrades#generic}.
     */
    static ServiceSpec downgrade(ServiceSpec spec, Set<Capability> missing, List<Downgrade> downgrades) {
        ServiceSpec.Builder b = spec.toBuilder();
        Probes probes = spec.probes();
        Set<Capability> rest = EnumSet.noneOf(Capability.class);
        rest.addAll(missing);
        if (missing.contains(Capability.STARTUP_PROBE) || missing.contains(Capability.SEPARATE_PROBES)) {
            Probe main = probes.readiness() != null ? probes.readiness() : probes.liveness();
            Probe startup = probes.startup();
            if (main == null && startup != null) {
                downgrades.add(new Downgrade("spec.probes.startup", Capability.STARTUP_PROBE,
                        "the startup probe is the single health check (it keeps checking after startup)"));
                b.probes(new Probes(startup, null, null));
            } else if (main != null) {
                if (startup != null) {
                    int grace = startup.initialDelaySeconds() + startup.periodSeconds() * startup.failureThreshold();
                    main = new Probe(main.http(), main.tcp(), main.exec(), Math.max(main.initialDelaySeconds(), grace),
                            main.periodSeconds(), main.timeoutSeconds(), main.failureThreshold(), main.successThreshold());
                    downgrades.add(new Downgrade("spec.probes.startup", Capability.STARTUP_PROBE,
                            "folded into the health check's start period (" + grace + " s)"));
                }
                if (probes.readiness() != null && probes.liveness() != null) {
                    downgrades.add(new Downgrade("spec.probes.liveness", Capability.SEPARATE_PROBES,
                            "the readiness probe is the single health check, and failing it also replaces the instance"));
                }
                b.probes(probes.readiness() != null ? new Probes(main, null, null) : new Probes(null, main, null));
            }
            rest.remove(Capability.STARTUP_PROBE);
            rest.remove(Capability.SEPARATE_PROBES);
        }
        if (missing.contains(Capability.SECRETS_ENV)) {
            List<SecretRef> refs = new ArrayList<>();
            for (int i = 0; i < spec.secrets().size(); i++) {
                SecretRef s = spec.secrets().get(i);
                if (s.env() != null) {
                    String path = s.path() != null ? s.path() : "/run/secrets/" + s.name();
                    downgrades.add(new Downgrade("spec.secrets[" + i + "].env", Capability.SECRETS_ENV,
                            "delivered as the file " + path + " instead of the variable " + s.env()));
                    s = new SecretRef(s.name(), null, path, s.fromEnv(), s.fromFile());
                }
                refs.add(s);
            }
            b.secrets(refs);
            rest.remove(Capability.SECRETS_ENV);
        }
        if (missing.contains(Capability.RUN_AS_NON_ROOT) && Boolean.TRUE.equals(spec.security().runAsNonRoot())) {
            SecurityPolicy s = spec.security();
            boolean nonRootUser = s.runAsUser() != null && s.runAsUser() != 0;
            downgrades.add(new Downgrade("spec.security.runAsNonRoot", Capability.RUN_AS_NON_ROOT, nonRootUser
                    ? "met by runAsUser " + s.runAsUser() + " (Swarm has no switch of its own)"
                    : "not enforced: Swarm cannot refuse root; set runAsUser to a non-zero uid"));
            b.security(new SecurityPolicy(s.runAsUser(), s.runAsGroup(), null, s.readOnlyRootFilesystem(),
                    s.dropCapabilities(), s.addCapabilities()));
            rest.remove(Capability.RUN_AS_NON_ROOT);
        }
        return rest.isEmpty() ? b.build() : Downgrades.generic(b.build(), rest, downgrades);
    }
}
