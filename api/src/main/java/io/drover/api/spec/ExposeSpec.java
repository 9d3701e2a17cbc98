package io.drover.api.spec;

import java.util.List;

/** How a service is exposed: the type and the ports. {@link #NONE} means not exposed. */
public record ExposeSpec(ExposeType type, List<ExposedPort> ports) {
    /** Not exposed. */
    public static final ExposeSpec NONE = new ExposeSpec(ExposeType.NONE, List.of());

    public ExposeSpec {
        if (type == null) type = ports == null || ports.isEmpty() ? ExposeType.NONE : ExposeType.LOAD_BALANCER;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** Exposed through a load balancer on the given ports. */
    public static ExposeSpec loadBalancer(ExposedPort... ports) {
        return new ExposeSpec(ExposeType.LOAD_BALANCER, List.of(ports));
    }

    /** Exposed with the given type on the given ports. */
    public static ExposeSpec of(ExposeType type, ExposedPort... ports) {
        return new ExposeSpec(type, List.of(ports));
    }

    /** True when the service is exposed at all. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isExposed() { return type != ExposeType.NONE; }
}
