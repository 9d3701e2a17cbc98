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
}
