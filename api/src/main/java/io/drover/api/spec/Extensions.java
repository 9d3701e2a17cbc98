package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Typed per-backend sections. Each backend reads its own and ignores the others, so one spec can
 * carry options for every backend it may run on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Extensions(KubernetesExtension kubernetes, SwarmExtension swarm, NomadExtension nomad, LocalExtension local) {
    /** No extensions. */
    public static final Extensions NONE = new Extensions(null, null, null, null);

    /** A section that sets nothing is the same as no section, so that specs read back equal. */
    public Extensions {
        if (kubernetes != null && kubernetes.namespace() == null && kubernetes.serviceAccount() == null && kubernetes.imagePullPolicy() == null
                && kubernetes.nodeSelector().isEmpty() && kubernetes.tolerations().isEmpty() && kubernetes.annotations().isEmpty()) {
            kubernetes = null;
        }
        if (swarm != null && swarm.endpointMode() == null && swarm.publishMode() == null && swarm.networks().isEmpty()
                && swarm.stopGracePeriodSeconds() == null) {
            swarm = null;
        }
        if (nomad != null && nomad.datacenters().isEmpty() && nomad.namespace() == null && nomad.region() == null && nomad.canary() == null
                && nomad.priority() == null) {
            nomad = null;
        }
        if (local != null && local.workingDirectory() == null && local.stopTimeoutSeconds() == null) local = null;
    }
}
