package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Transport protocol of a port. */
public enum Protocol {
    @JsonProperty("tcp") TCP,
    @JsonProperty("udp") UDP
}
