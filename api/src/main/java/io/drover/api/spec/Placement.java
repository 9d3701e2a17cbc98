package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where instances may run. Each constraint reads {@code <attribute> == <value>} or
 * {@code <attribute> != <value>}, with attributes {@code node.id}, {@code node.hostname}, {@code node.role},
 * {@code node.platform.os}, {@code node.platform.arch} and {@code node.labels.<key>}. {@code spread} names a node attribute to spread instances over;
 * {@code maxPerNode} caps instances per node.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Placement(List<String> constraints, String spread, Integer maxPerNode) {
    /** Anywhere. */
    public static final Placement NONE = new Placement(null, null, null);

    public Placement {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    /** True when nothing restricts placement. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() { return constraints.isEmpty() && spread == null && maxPerNode == null; }
}
