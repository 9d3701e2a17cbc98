package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When an exited instance is restarted: always, only after a failure (non-zero exit), or never. */
public enum RestartCondition {
    @JsonProperty("always") ALWAYS,
    @JsonProperty("onFailure") ON_FAILURE,
    @JsonProperty("never") NEVER
}
