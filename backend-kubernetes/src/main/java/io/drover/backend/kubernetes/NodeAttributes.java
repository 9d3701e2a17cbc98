package io.drover.backend.kubernetes;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drover's node attributes ({@code node.labels.<key>}, {@code node.hostname}, {@code node.id},
 * {@code node.role}, {@code node.platform.os}, {@code node.platform.arch}) as Kubernetes node
 * labels and fields, both ways. {@code node.role == manager} means the node carries the
 * {@value #CONTROL_PLANE} label.
 */
final class NodeAttributes {
    /** The label kubeadm puts on control-plane nodes. */
    static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
    static final String HOSTNAME = "kubernetes.io/hostname";
    private static final Pattern CONSTRAINT = Pattern.compile("^\\s*(\\S+)\\s*(==|!=)\\s*(.+?)\\s*$");

    private NodeAttributes() {}

    /** A constraint as a node-affinity requirement; {@code field} says whether it matches a field (metadata.name). */
    record Requirement(boolean field, NodeSelectorRequirement requirement) {}

    /** The requirement for a constraint such as {@code node.labels.zone == a}, or empty when it does not parse. */
    static Optional<Requirement> requirement(String constraint) {
        Matcher m = CONSTRAINT.matcher(constraint);
        if (!m.matches()) return Optional.empty();
        String attribute = m.group(1);
        boolean equal = m.group(2).equals("==");
        String value = m.group(3);
        if (attribute.equals("node.role")) {
            boolean manager = value.equals("manager");
            boolean exists = manager == equal;
            return Optional.of(new Requirement(false, new NodeSelectorRequirement(CONTROL_PLANE, exists ? "Exists" : "DoesNotExist", List.of())));
        }
        if (attribute.equals("node.id")) {
            return Optional.of(new Requirement(true, new NodeSelectorRequirement("metadata.name", equal ? "In" : "NotIn", List.of(value))));
        }
        return labelKey(attribute).map(key -> new Requirement(false, new NodeSelectorRequirement(key, equal ? "In" : "NotIn", List.of(value))));
    }

    /** The constraint a requirement stands for, or empty when Drover has no words for it. */
    static Optional<String> constraint(NodeSelectorRequirement r, boolean field) {
        String op = r.getOperator();
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        if (field) {
            if (!"metadata.name".equals(r.getKey()) || values.size() != 1) return Optional.empty();
            return Optional.of("node.id " + ("In".equals(op) ? "==" : "!=") + " " + values.get(0));
        }
        if (CONTROL_PLANE.equals(r.getKey())) {
            if ("Exists".equals(op)) return Optional.of("node.role == manager");
            if ("DoesNotExist".equals(op)) return Optional.of("node.role != manager");
            return Optional.empty();
        }
        if (values.size() != 1 || !("In".equals(op) || "NotIn".equals(op))) return Optional.empty();
        return Optional.of(attribute(r.getKey()) + ("In".equals(op) ? " == " : " != ") + values.get(0));
    }

    /** The node label key an attribute reads, or empty for attributes that are no label. */
    static Optional<String> labelKey(String attribute) {
        return switch (attribute) {
            case "node.hostname" -> Optional.of(HOSTNAME);
            case "node.platform.os" -> Optional.of("kubernetes.io/os");
            case "node.platform.arch" -> Optional.of("kubernetes.io/arch");
            default -> attribute.startsWith("node.labels.") && attribute.length() > "node.labels.".length()
                    ? Optional.of(attribute.substring("node.labels.".length())) : Optional.empty();
        };
    }

    /** The attribute for a node label key. */
    static String attribute(String labelKey) {
        return switch (labelKey) {
            case HOSTNAME -> "node.hostname";
            case "kubernetes.io/os" -> "node.platform.os";
            case "kubernetes.io/arch" -> "node.platform.arch";
            default -> "node.labels." + labelKey;
        };
    }
}
