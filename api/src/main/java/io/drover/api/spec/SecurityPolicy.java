package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Process identity and hardening. Null or empty means the backend's and image's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityPolicy(Long runAsUser, Long runAsGroup, Boolean runAsNonRoot,
        Boolean readOnlyRootFilesystem, List<String> dropCapabilities, List<String> addCapabilities) {
    /** Defaults everywhere. */
    public static final SecurityPolicy NONE = new SecurityPolicy(null, null, null, null, null, null);

    public SecurityPolicy {
        dropCapabilities = dropCapabilities == null ? List.of() : List.copyOf(dropCapabilities);
        addCapabilities = addCapabilities == null ? List.of() : List.copyOf(addCapabilities);
    }

    /** True when nothing is set. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return runAsUser == null && runAsGroup == null && runAsNonRoot == null && readOnlyRootFilesystem == null
                && dropCapabilities.isEmpty() && addCapabilities.isEmpty();
    }
}
