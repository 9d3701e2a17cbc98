package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a service is reachable: not at all, inside the cluster, on every node's port, or through a load balancer. */
public enum ExposeType {
    @JsonProperty("none") NONE,
    @JsonProperty("internal") INTERNAL,
    @JsonProperty("nodePort") NODE_PORT,
    @JsonProperty("loadBalancer") LOAD_BALANCER
}
