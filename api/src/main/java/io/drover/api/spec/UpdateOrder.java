package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a rolling update starts the new instance before or after stopping the old one. */
public enum UpdateOrder {
    @JsonProperty("startFirst") START_FIRST,
    @JsonProperty("stopFirst") STOP_FIRST
}
