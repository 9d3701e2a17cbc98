package io.drover.backend.kubernetes;

import io.drover.api.spec.KubernetesExtension;
import io.drover.api.spec.Placement;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Toleration;
import io.drover.api.spec.Violation;
import io.drover.spi.Labels;
import io.drover.spi.support.SpecRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every rule of the Kubernetes backend, in one place: the values of {@code spec.extensions.kubernetes}
 * ({@link #extension}, which hold wherever the spec is applied) and what a Deployment cannot express
 * ({@link #validate}, which adds them). Both take a spec that may still have neutral violations and
 * do not repeat those. What Kubernetes lacks altogether (restart policies other than always) is a
 * capability it does not declare, not a rule here. Stateless and thread-safe.
 */
public final class KubernetesSpecRules {
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    private static final Set<String> TOLERATION_OPERATORS = Set.of("Equal", "Exists");
    private static final Set<String> TOLERATION_EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private KubernetesSpecRules() {}

    /** Every violation of the Kubernetes backend's rules, in field order; empty when Kubernetes has no objection. */
    public static List<Violation> validate(ServiceSpec spec) {
        List<Violation> v = new ArrayList<>();
        placement(spec.placement(), v);
        v.addAll(extension(spec));
        KubernetesExtension k = spec.extensions().kubernetes();
        if (k != null) {
            k.annotations().keySet().stream().filter(a -> a.startsWith(Labels.PREFIX)).sorted().forEach(a -> v.add(new Violation(
                    "spec.extensions.kubernetes.annotations", "the prefix io.drover/ is Drover's own, was '" + a + "'")));
        }
        return v;
    }

    /** Every violation in {@code spec.extensions.kubernetes}; empty when the section is absent or valid. */
    public static List<Violation> extension(ServiceSpec spec) {
        List<Violation> v = new ArrayList<>();
        KubernetesExtension k = spec.extensions().kubernetes();
        if (k == null) return v;
        if (k.namespace() != null && spec.namespace() != null && !k.namespace().equals(spec.namespace())) {
            v.add(new Violation("spec.extensions.kubernetes.namespace", "is '" + k.namespace() + "' but metadata.namespace is '"
                    + spec.namespace() + "'; set metadata.namespace only"));
        }
        if (k.namespace() != null && !SpecRules.isDnsLabel(k.namespace())) {
            v.add(new Violation("spec.extensions.kubernetes.namespace", "must be a DNS-1123 label, was '" + k.namespace() + "'"));
        }
        if (k.serviceAccount() != null && !SpecRules.isDnsSubdomain(k.serviceAccount())) {
            v.add(new Violation("spec.extensions.kubernetes.serviceAccount", "must be a DNS-1123 subdomain, was '" + k.serviceAccount() + "'"));
        }
        if (k.imagePullPolicy() != null && !PULL_POLICIES.contains(k.imagePullPolicy())) {
            v.add(new Violation("spec.extensions.kubernetes.imagePullPolicy", "must be one of Always, IfNotPresent, Never, was '" + k.imagePullPolicy() + "'"));
        }
        SpecRules.labels(k.nodeSelector(), "spec.extensions.kubernetes.nodeSelector", false, v);
        k.annotations().forEach((key, val) -> {
            String p = "spec.extensions.kubernetes.annotations." + key;
            SpecRules.printable(val, p, v);
            String problem = SpecRules.keyProblem(key, "annotation");
            if (problem != null) v.add(new Violation(p, problem));
        });
        for (int i = 0; i < k.tolerations().size(); i++) {
            Toleration t = k.tolerations().get(i);
            String p = "spec.extensions.kubernetes.tolerations[" + i + "]";
            String op = t.operator() == null ? "Equal" : t.operator();
            if (!TOLERATION_OPERATORS.contains(op)) v.add(new Violation(p + ".operator", "must be Equal or Exists, was '" + op + "'"));
            if ("Exists".equals(op) && t.value() != null) v.add(new Violation(p + ".value", "must be empty when operator is Exists"));
            if ("Equal".equals(op) && t.key() == null) v.add(new Violation(p + ".key", "is required when operator is Equal"));
            if (t.key() != null && !SpecRules.isLabelKey(t.key())) v.add(new Violation(p + ".key", "must be a label key (at most 63 letters, digits, '-', '_' or '.', with an optional DNS-subdomain prefix), was '" + t.key() + "'"));
            if (t.value() != null) SpecRules.printable(t.value(), p + ".value", v);
            if (t.effect() != null && !TOLERATION_EFFECTS.contains(t.effect())) v.add(new Violation(p + ".effect", "must be one of NoSchedule, PreferNoSchedule, NoExecute, was '" + t.effect() + "'"));
        }
        return v;
    }

    /**
     * Placement a Deployment can express: a spread over a node label (node.id, which the neutral rules
     * allow, is a field), at most one instance per node. Constraints need no rule: every one the
     * neutral rules allow maps to a node-affinity requirement ({@link NodeAttributes}).
     */
    private static void placement(Placement placement, List<Violation> v) {
        if ("node.id".equals(placement.spread())) {
            v.add(new Violation("spec.placement.spread", "must be node.hostname, node.platform.os, node.platform.arch or node.labels.<key> "
                    + "on Kubernetes, was '" + placement.spread() + "'"));
        }
        if (placement.maxPerNode() != null && placement.maxPerNode() != 1) {
            v.add(new Violation("spec.placement.maxPerNode", "Kubernetes can cap instances per node at 1 only (pod anti-affinity), was "
                    + placement.maxPerNode()));
        }
    }
}
