package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Options only the Docker Swarm backend reads: the endpoint mode ({@code vip} or {@code dnsrr}),
 * the publish mode ({@code host} or {@code ingress}), networks to attach, and the stop grace period.
 * They expose Swarm concepts, which may change outside Drover's control.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SwarmExtension(EndpointMode endpointMode, PublishMode publishMode, List<String> networks,
        Integer stopGracePeriodSeconds) {
    public SwarmExtension {
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /** Swarm endpoint modes. */
    public enum EndpointMode { @JsonProperty("vip") VIP, @JsonProperty("dnsrr") DNSRR }

    /** Swarm publish modes. */
    public enum PublishMode { @JsonProperty("host") HOST, @JsonProperty("ingress") INGRESS }
}
