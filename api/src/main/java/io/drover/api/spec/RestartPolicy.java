package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * When exited instances restart, and at most how many times ({@code maxAttempts}, null =
 * unbounded). Restarts back off exponentially. Default: always, unbounded.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestartPolicy(RestartCondition policy, Integer maxAttempts) {
    /** Always restart, without bound. */
    public static final RestartPolicy DEFAULT = new RestartPolicy(RestartCondition.ALWAYS, null);

    public RestartPolicy {
        if (policy == null) policy = RestartCondition.ALWAYS;
    }
}
