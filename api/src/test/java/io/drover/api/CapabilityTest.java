package io.drover.api;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CapabilityTest {
    /** Needs nothing optional: a command, stop-first updates that pause on failure. */
    static ServiceSpec.Builder plain() {
        return ServiceSpec.builder("web").command("app").port("http", 80)
                .update(new UpdatePolicy(null, UpdateOrder.STOP_FIRST, FailureAction.PAUSE, null, null));
    }

    static final List<CapabilityUse> PLAIN = List.of(new CapabilityUse(Capability.UPDATE_STOP_FIRST, "spec.update.order"));

    static Arguments field(String description, UnaryOperator<ServiceSpec.Builder> change, Capability capability, String path) {
        return Arguments.of(description, change, List.of(new CapabilityUse(capability, path)));
    }

    static Arguments fields(String description, UnaryOperator<ServiceSpec.Builder> change, CapabilityUse... uses) {
        return Arguments.of(description, change, List.of(uses));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                fields("no command needs the image entrypoint", b -> b.command(List.of()).image("nginx"),
                        new CapabilityUse(Capability.IMAGE_ENTRYPOINT, "spec.command")),
                field("a secret as env", b -> b.secret(SecretRef.envFromEnv("db", "DB", "SRC")), Capability.SECRETS_ENV, "spec.secrets[0].env"),
                field("a secret as file", b -> b.secret(new SecretRef("db", null, "/run/db", null, "/etc/db")), Capability.SECRETS_FILE, "spec.secrets[0].path"),
                fields("a secret from the backend's store", b -> b.secret(new SecretRef("db", "DB", null, null, null)),
                        new CapabilityUse(Capability.SECRETS_ENV, "spec.secrets[0].env"), new CapabilityUse(Capability.SECRET_STORE, "spec.secrets[0].name")),
                field("a UDP port", b -> b.port(PortSpec.udp("dns", 53)), Capability.UDP, "spec.ports[1].protocol"),
                field("a host port", b -> b.ports(List.of(PortSpec.tcp("http", 80).withHostPort(8080))), Capability.HOST_PORT, "spec.ports[0].hostPort"),
                field("internal exposure", b -> b.expose(ExposeSpec.of(ExposeType.INTERNAL, ExposedPort.of(80, "http"))), Capability.EXPOSE_INTERNAL, "spec.expose.type"),
                field("node port exposure", b -> b.expose(ExposeSpec.of(ExposeType.NODE_PORT, ExposedPort.of(80, "http"))), Capability.EXPOSE_NODE_PORT, "spec.expose.type"),
                field("load balancer exposure", b -> b.expose(ExposeSpec.loadBalancer(ExposedPort.of(80, "http"))), Capability.EXPOSE_LOAD_BALANCER, "spec.expose.type"),
                field("requests", b -> b.requests("100m", null), Capability.RESOURCE_REQUESTS, "spec.resources.requests"),
                field("limits", b -> b.limits(null, "1Gi"), Capability.RESOURCE_LIMITS, "spec.resources.limits"),
                fields("an http readiness probe", b -> b.readiness(Probe.http("/", "http")),
                        new CapabilityUse(Capability.READINESS_PROBE, "spec.probes.readiness"), new CapabilityUse(Capability.PROBE_HTTP, "spec.probes.readiness.http")),
                fields("a tcp liveness probe", b -> b.liveness(Probe.tcp("http")),
                        new CapabilityUse(Capability.LIVENESS_PROBE, "spec.probes.liveness"), new CapabilityUse(Capability.PROBE_TCP, "spec.probes.liveness.tcp")),
                fields("an exec startup probe", b -> b.startup(Probe.exec("true")),
                        new CapabilityUse(Capability.STARTUP_PROBE, "spec.probes.startup"), new CapabilityUse(Capability.PROBE_EXEC, "spec.probes.startup.exec")),
                fields("two probes need separate probes", b -> b.readiness(Probe.tcp("http")).liveness(Probe.tcp("http")),
                        new CapabilityUse(Capability.READINESS_PROBE, "spec.probes.readiness"), new CapabilityUse(Capability.PROBE_TCP, "spec.probes.readiness.tcp"),
                        new CapabilityUse(Capability.LIVENESS_PROBE, "spec.probes.liveness"), new CapabilityUse(Capability.PROBE_TCP, "spec.probes.liveness.tcp"),
                        new CapabilityUse(Capability.SEPARATE_PROBES, "spec.probes")),
                fields("start-first update with rollback", b -> b.update(UpdatePolicy.DEFAULT),
                        new CapabilityUse(Capability.UPDATE_START_FIRST, "spec.update.order"), new CapabilityUse(Capability.AUTO_ROLLBACK, "spec.update.failureAction")),
                field("constraints", b -> b.placement(new Placement(List.of("node.role == worker"), null, null)), Capability.PLACEMENT_CONSTRAINTS, "spec.placement.constraints"),
                field("spread", b -> b.placement(new Placement(null, "node.hostname", null)), Capability.PLACEMENT_SPREAD, "spec.placement.spread"),
                field("max per node", b -> b.placement(new Placement(null, null, 1)), Capability.MAX_PER_NODE, "spec.placement.maxPerNode"),
                field("run as user", b -> b.security(new SecurityPolicy(1000L, null, null, null, null, null)), Capability.RUN_AS_USER, "spec.security.runAsUser"),
                field("run as group", b -> b.security(new SecurityPolicy(null, 1000L, null, null, null, null)), Capability.RUN_AS_USER, "spec.security.runAsGroup"),
                field("non-root", b -> b.security(new SecurityPolicy(null, null, true, null, null, null)), Capability.RUN_AS_NON_ROOT, "spec.security.runAsNonRoot"),
                field("read-only root", b -> b.security(new SecurityPolicy(null, null, null, true, null, null)), Capability.READ_ONLY_ROOT_FS,
                        "spec.security.readOnlyRootFilesystem"),
                field("dropped capabilities", b -> b.security(new SecurityPolicy(null, null, null, null, List.of("ALL"), null)), Capability.LINUX_CAPABILITIES,
                        "spec.security.dropCapabilities"),
                field("added capabilities", b -> b.security(new SecurityPolicy(null, null, null, null, null, List.of("NET_ADMIN"))), Capability.LINUX_CAPABILITIES,
                        "spec.security.addCapabilities"),
                field("restart on failure", b -> b.restart(RestartCondition.ON_FAILURE), Capability.RESTART_ON_FAILURE, "spec.restart.policy"),
                field("restart never", b -> b.restart(RestartCondition.NEVER), Capability.RESTART_NEVER, "spec.restart.policy"),
                field("bounded restarts", b -> b.restart(new RestartPolicy(RestartCondition.ALWAYS, 3)), Capability.RESTART_MAX_ATTEMPTS, "spec.restart.maxAttempts"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachFieldNeedsItsCapabilityAtItsPath(String description, UnaryOperator<ServiceSpec.Builder> change, List<CapabilityUse> expected) {
        List<CapabilityUse> uses = Capability.requiredBy(change.apply(plain()).build());
        List<CapabilityUse> extra = uses.stream().filter(u -> !PLAIN.contains(u)).toList();
        assertThat(extra).containsExactlyInAnyOrderElementsOf(expected.stream().filter(u -> !PLAIN.contains(u)).toList());
    }

    @Test
    void aPlainSpecNeedsOnlyItsUpdateOrder() {
        assertThat(Capability.requiredBy(plain().build())).isEqualTo(PLAIN);
    }

    @Test
    void missingListsOnlyTheUsesOfAbsentCapabilities() {
        ServiceSpec spec = plain().limits("1", null).port(PortSpec.udp("dns", 53)).build();
        assertThat(Capability.missing(spec, EnumSet.of(Capability.UPDATE_STOP_FIRST, Capability.UDP)))
                .containsExactly(new CapabilityUse(Capability.RESOURCE_LIMITS, "spec.resources.limits"));
        assertThat(Capability.missing(spec, EnumSet.allOf(Capability.class))).isEmpty();
    }

    @Test
    void operationCapabilitiesAreNeverNeededBySpecFields() {
        ServiceSpec everything = plain().command(List.of()).image("nginx").readiness(Probe.http("/", "http")).liveness(Probe.tcp("http"))
                .startup(Probe.exec("x")).limits("1", "1Gi").requests("1", "1Gi").build();
        assertThat(Capability.requiredBy(everything)).extracting(CapabilityUse::capability).doesNotContainAnyElementsOf(Capability.OPERATIONS);
    }

    @Test
    void idsAreKebabCase() {
        assertThat(Capability.PROBE_HTTP.id()).isEqualTo("probe-http");
        assertThat(Capability.READ_ONLY_ROOT_FS.id()).isEqualTo("read-only-root-fs");
        assertThat(Stream.of(Capability.values()).map(Capability::description)).allSatisfy(d -> assertThat(d).isNotBlank());
    }
}
