package io.drover.tck;

import io.drover.api.Capability;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.Placement;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Valid specs that need one given capability: the TCK uses them to check that a backend lacking it
 * refuses the spec before anything is created. Operation capabilities (rollback, logs, watch) have
 * no spec form.
 */
public final class CapabilitySpecs {
    private CapabilitySpecs() {}

    /**
     * {@code base} changed so that it needs {@code capability} (and possibly others), or empty for
     * capabilities that belong to operations rather than spec fields.
     *
     * @param base a valid spec with a TCP port named {@code http}
     * @param healthPath an HTTP path for probes
     */
    public static Optional<ServiceSpec> needing(Capability capability, ServiceSpec base, String healthPath) {
        ServiceSpec.Builder b = base.toBuilder();
        Probe tcp = Probe.tcp("http");
        ExposedPort exposed = ExposedPort.of(8080, "http");
        switch (capability) {
            case IMAGE_ENTRYPOINT -> b.image(base.image() == null ? "drover-test/web:1" : base.image()).command(List.of()).args(List.of());
            case PROBE_HTTP -> b.readiness(Probe.http(healthPath, "http"));
            case PROBE_TCP, READINESS_PROBE -> b.readiness(tcp);
            case PROBE_EXEC -> b.readiness(Probe.exec("true"));
            case LIVENESS_PROBE -> b.liveness(tcp);
            case STARTUP_PROBE -> b.startup(tcp);
            case SEPARATE_PROBES -> b.readiness(tcp).liveness(tcp);
            case EXPOSE_INTERNAL -> b.expose(ExposeSpec.of(ExposeType.INTERNAL, exposed));
            case EXPOSE_NODE_PORT -> b.expose(ExposeSpec.of(ExposeType.NODE_PORT, exposed));
            case EXPOSE_LOAD_BALANCER -> b.expose(ExposeSpec.of(ExposeType.LOAD_BALANCER, exposed));
            case HOST_PORT -> {
                List<PortSpec> ports = new ArrayList<>(base.ports());
                ports.set(0, ports.get(0).withHostPort(18080));
                b.ports(ports).replicas(1);
            }
            case UDP -> b.port(PortSpec.udp("tck-udp", 5353));
            case RESOURCE_REQUESTS -> b.requests("100m", "64Mi");
            case RESOURCE_LIMITS -> b.limits("500m", "128Mi");
            case UPDATE_START_FIRST -> b.update(new UpdatePolicy(null, UpdateOrder.START_FIRST, null, null, null));
            case UPDATE_STOP_FIRST -> b.update(new UpdatePolicy(null, UpdateOrder.STOP_FIRST, null, null, null));
            case AUTO_ROLLBACK -> b.update(new UpdatePolicy(null, null, FailureAction.ROLLBACK, null, null));
            case PLACEMENT_CONSTRAINTS -> b.placement(new Placement(List.of("node.role == manager"), null, null));
            case PLACEMENT_SPREAD -> b.placement(new Placement(null, "node.hostname", null));
            case MAX_PER_NODE -> b.placement(new Placement(null, null, 2));
            case SECRETS_ENV -> b.secret(new SecretRef("tck-secret", "TCK_SECRET", null, "PATH", null));
            case SECRETS_FILE -> b.secret(new SecretRef("tck-secret", null, "/run/secrets/tck", "PATH", null));
            case SECRET_STORE -> b.secret(new SecretRef("tck-secret", "TCK_SECRET", null, null, null));
            case RUN_AS_USER -> b.security(new SecurityPolicy(1000L, null, null, null, null, null));
            case RUN_AS_NON_ROOT -> b.security(new SecurityPolicy(null, null, true, null, null, null));
            case READ_ONLY_ROOT_FS -> b.security(new SecurityPolicy(null, null, null, true, null, null));
            case LINUX_CAPABILITIES -> b.security(new SecurityPolicy(null, null, null, null, List.of("ALL"), null));
            case RESTART_ON_FAILURE -> b.restart(RestartCondition.ON_FAILURE);
            case RESTART_NEVER -> b.restart(RestartCondition.NEVER);
            case RESTART_MAX_ATTEMPTS -> b.restart(new RestartPolicy(RestartCondition.ALWAYS, 3));
            case MANUAL_ROLLBACK, LOGS, WATCH -> {
                return Optional.empty();
            }
        }
        return Optional.of(b.build());
    }
}
