package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a rolling update does when new instances fail: roll back, pause, or carry on. */
public enum FailureAction {
    @JsonProperty("rollback") ROLLBACK,
    @JsonProperty("pause") PAUSE,
    @JsonProperty("continue") CONTINUE
}
