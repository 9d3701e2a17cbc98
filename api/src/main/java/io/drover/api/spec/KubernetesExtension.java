package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Options only the Kubernetes backend reads. Like Testcontainers' command modifiers, this section
 * exposes concepts of the underlying platform, which may change outside Drover's control.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KubernetesExtension(String namespace, String serviceAccount, String imagePullPolicy,
        Map<String, String> nodeSelector, List<Toleration> tolerations, Map<String, String> annotations) {
    public KubernetesExtension {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
