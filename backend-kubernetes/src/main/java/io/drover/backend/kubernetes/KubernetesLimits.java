package io.drover.backend.kubernetes;

import io.drover.api.spec.KubernetesExtension;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Toleration;
import io.drover.api.spec.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules only the Kubernetes backend knows, checked before anything is created: its extension
 * section's values, placement it can express (constraints on node attributes it can map, at most
 * one instance per node) and the restart policy of a Deployment (always).
 */
final class KubernetesLimits {
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    private static final Set<String> OPERATORS = Set.of("Equal", "Exists");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private KubernetesLimits() {}

    /** Every violation of those rules, each with its JSON path; empty when the spec is fine here. */
    static List<Violation> violations(ServiceSpec spec) {
        List<Violation> out = new ArrayList<>();
        var placement = spec.placement();
        for (int i = 0; i < placement.constraints().size(); i++) {
            String c = placement.constraints().get(i);
            if (NodeAttributes.requirement(c).isEmpty()) {
                out.add(new Violation("spec.placement.constraints[" + i + "]", "must read '<attribute> == <value>' or '!=' with attribute "
                        + "node.id, node.hostname, node.role, node.platform.os, node.platform.arch or node.labels.<key>, was '" + c + "'"));
            }
        }
        if (placement.spread() != null && NodeAttributes.labelKey(placement.spread()).isEmpty()) {
            out.add(new Violation("spec.placement.spread", "must be node.hostname, node.platform.os, node.platform.arch or node.labels.<key> "
                    + "on Kubernetes, was '" + placement.spread() + "'"));
        }
        if (placement.maxPerNode() != null && placement.maxPerNode() != 1) {
            out.add(new Violation("spec.placement.maxPerNode", "Kubernetes can cap instances per node at 1 only (pod anti-affinity), was "
                    + placement.maxPerNode()));
        }
        if (spec.restart().policy() != RestartCondition.ALWAYS || spec.restart().maxAttempts() != null) {
            out.add(new Violation("spec.restart", "a Kubernetes Deployment always restarts its pods (restartPolicy Always, no attempt limit)"));
        }
        KubernetesExtension k = spec.extensions().kubernetes();
        if (k != null) {
            String base = "spec.extensions.kubernetes";
            if (k.imagePullPolicy() != null && !PULL_POLICIES.contains(k.imagePullPolicy())) {
                out.add(new Violation(base + ".imagePullPolicy", "must be one of Always, IfNotPresent, Never, was '" + k.imagePullPolicy() + "'"));
            }
            for (int i = 0; i < k.tolerations().size(); i++) {
                Toleration t = k.tolerations().get(i);
                String p = base + ".tolerations[" + i + "]";
                if (t.operator() != null && !OPERATORS.contains(t.operator())) {
                    out.add(new Violation(p + ".operator", "must be one of Equal, Exists, was '" + t.operator() + "'"));
                }
                if (t.effect() != null && !EFFECTS.contains(t.effect())) {
                    out.add(new Violation(p + ".effect", "must be one of NoSchedule, PreferNoSchedule, NoExecute, was '" + t.effect() + "'"));
                }
                if ("Exists".equals(t.operator()) && t.value() != null) {
                    out.add(new Violation(p + ".value", "must be empty when the operator is Exists"));
                }
            }
            k.annotations().keySet().stream().filter(a -> a.startsWith(io.drover.spi.Labels.PREFIX)).forEach(a ->
                    out.add(new Violation(base + ".annotations", "the prefix io.drover/ is Drover's own, was '" + a + "'")));
        }
        return out;
    }
}
