package io.drover.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.error.InvalidSpecException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {
    static final String LABEL_KEY = "is not a valid label key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";
    static final String DNS_NAME = "must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), was '";
    static final String IMAGE = "must be an image reference such as nginx:1.27 or registry.example/app@sha256:<digest>, was '";
    static final String PORT_NAME = "must be at most 15 lower-case letters, digits and '-', with at least one letter, was '";
    static final String CONSTRAINT = "must read '<attribute> == <value>' or '<attribute> != <value>' with attribute node.id, node.hostname, "
            + "node.role, node.platform.os, node.platform.arch or node.labels.<key>, was '";
    static final String CAPABILITY = "must be a Linux capability name such as NET_ADMIN or ALL, was '";
    static final String ENV = "is not a valid environment variable name (letters, digits and _, not starting with a digit)";

    /** A valid spec every case starts from: two replicas of nginx with one TCP port named http. */
    static ServiceSpec.Builder base() {
        return ServiceSpec.builder("web").image("nginx:1.27").port("http", 80).replicas(2);
    }

    static ServiceSpec withCommandAndArgs(ServiceSpec s, List<String> command, List<String> args) {
        return new ServiceSpec(s.name(), s.namespace(), s.labels(), s.image(), command, args, s.env(), s.secrets(), s.replicas(), s.ports(),
                s.expose(), s.resources(), s.probes(), s.update(), s.placement(), s.security(), s.restart(), s.extensions());
    }

    static Probe probe(HttpCheck http, TcpCheck tcp, ExecCheck exec) {
        return new Probe(http, tcp, exec, null, null, null, null, null);
    }

    static Probe timed(Integer initialDelay, Integer period, Integer timeout, Integer failure, Integer success) {
        return new Probe(null, new TcpCheck("http"), null, initialDelay, period, timeout, failure, success);
    }

    static SecretRef secret(String name, String env, String path, String fromEnv, String fromFile) {
        return new SecretRef(name, env, path, fromEnv, fromFile);
    }

    static Arguments invalid(String description, Supplier<ServiceSpec> spec, String path, String message) {
        return Arguments.of(Named.of(description, spec), path, message);
    }

    static Map<String, String> mapWithNull(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    static Stream<Arguments> invalidSpecs() {
        String long64 = "a".repeat(64);
        return Stream.of(
                // names
                invalid("missing name", () -> base().name(null).build(), "metadata.name", "is required"),
                invalid("empty name", () -> base().name("").build(), "metadata.name", "is required"),
                invalid("name longer than 63", () -> base().name(long64).build(), "metadata.name", "must be at most 63 characters, was 64"),
                invalid("upper-case name", () -> base().name("Web").build(), "metadata.name", DNS_NAME + "Web'"),
                invalid("name ending in a dash", () -> base().name("web-").build(), "metadata.name", DNS_NAME + "web-'"),
                invalid("name with underscore", () -> base().name("web_1").build(), "metadata.name", DNS_NAME + "web_1'"),
                invalid("name starting with a digit", () -> base().name("1web").build(), "metadata.name",
                        "must start with a letter (Kubernetes and Nomad service names do), was '1web'"),
                // labels
                invalid("reserved io.drover/ label", () -> base().label("io.drover/service", "other").build(), "metadata.labels.io.drover/service",
                        "uses the reserved prefix io.drover/ (Drover sets these labels itself)"),
                invalid("label with invalid prefix", () -> base().label("Bad_Prefix/key", "x").build(), "metadata.labels.Bad_Prefix/key",
                        "has an invalid prefix 'Bad_Prefix' (must be a DNS subdomain)"),
                invalid("label key starting with a dash", () -> base().label("-key", "x").build(), "metadata.labels.-key", LABEL_KEY),
                invalid("label key longer than 63", () -> base().label(long64, "x").build(), "metadata.labels." + long64, LABEL_KEY),
                invalid("label key null", () -> base().labels(mapWithNull(null, "x")).build(), "metadata.labels.null", LABEL_KEY),
                invalid("label value with a space", () -> base().label("tier", "web app").build(), "metadata.labels.tier",
                        "has an invalid value 'web app' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"),
                invalid("label value longer than 63", () -> base().label("tier", long64).build(), "metadata.labels.tier",
                        "has an invalid value '" + long64 + "' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"),
                invalid("label value null", () -> base().labels(mapWithNull("tier", null)).build(), "metadata.labels.tier", "must have a value"),
                // image
                invalid("upper-case image", () -> base().image("Nginx").build(), "spec.image", IMAGE + "Nginx'"),
                invalid("image with empty tag", () -> base().image("nginx:").build(), "spec.image", IMAGE + "nginx:'"),
                invalid("blank image", () -> base().image("  ").build(), "spec.image", IMAGE + "  '"),
                invalid("image with short digest", () -> base().image("nginx@sha256:abc").build(), "spec.image", IMAGE + "nginx@sha256:abc'"),
                invalid("neither image nor command", () -> base().image(null).build(), "spec.image", "is required unless spec.command is given"),
                // command and args
                invalid("blank program", () -> base().command("", "-x").build(), "spec.command[0]", "must name the program to run"),
                invalid("null command element", () -> withCommandAndArgs(base().build(), Arrays.asList("run", null), List.of()),
                        "spec.command[1]", "must not be empty"),
                invalid("null argument", () -> withCommandAndArgs(base().build(), List.of("run"), Arrays.asList("a", null)),
                        "spec.args[1]", "must not be empty"),
                // env
                invalid("env name starting with a digit", () -> base().env("1ABC", "x").build(), "spec.env.1ABC", ENV),
                invalid("env name with a dash", () -> base().env("MY-VAR", "x").build(), "spec.env.MY-VAR", ENV),
                invalid("env value with a control character", () -> base().env("MODE", "a\u007fb").build(), "spec.env.MODE",
                        "must not contain control characters, found U+007F"),
                invalid("argument with NUL", () -> base().args("a\u0000").build(), "spec.args[0]", "must not contain control characters, found U+0000"),
                invalid("constraint value with an unpaired surrogate", () -> base().placement(new Placement(List.of("node.labels.zone == a\ud800"), null, null)).build(),
                        "spec.placement.constraints[0]", "must not contain control characters, found U+D800"),
                invalid("env without value", () -> base().env(mapWithNull("MODE", null)).build(), "spec.env.MODE", "must have a value"),
                // secrets
                invalid("secret without name", () -> base().secret(secret(null, "DB", null, null, null)).build(), "spec.secrets[0].name", "is required"),
                invalid("secret name with capitals", () -> base().secret(secret("DB_Password", "DB", null, null, null)).build(), "spec.secrets[0].name",
                        "must be lower-case letters, digits, '-' and '.', at most 63 characters, was 'DB_Password'"),
                invalid("duplicate secret names", () -> base().secret(secret("db", "A", null, null, null)).secret(secret("db", "B", null, null, null)).build(),
                        "spec.secrets[1].name", "duplicates secret 'db'"),
                invalid("secret delivered nowhere", () -> base().secret(secret("db", null, null, null, null)).build(), "spec.secrets[0]",
                        "must set env, path or both (how the service receives the secret)"),
                invalid("secret env invalid", () -> base().secret(secret("db", "1X", null, null, null)).build(), "spec.secrets[0].env",
                        "is not a valid environment variable name, was '1X'"),
                invalid("secret env colliding with env", () -> base().env("DB", "plain").secret(secret("db", "DB", null, null, null)).build(),
                        "spec.secrets[0].env", "collides with spec.env.DB"),
                invalid("two secrets in one env var", () -> base().secret(secret("a", "DB", null, null, null)).secret(secret("b", "DB", null, null, null)).build(),
                        "spec.secrets[1].env", "is already used by another secret"),
                invalid("relative secret path", () -> base().secret(secret("db", null, "run/db", null, null)).build(), "spec.secrets[0].path",
                        "must be an absolute path without '..', was 'run/db'"),
                invalid("secret path escaping with ..", () -> base().secret(secret("db", null, "/run/../etc/passwd", null, null)).build(), "spec.secrets[0].path",
                        "must be an absolute path without '..', was '/run/../etc/passwd'"),
                invalid("two secrets in one file", () -> base().secret(secret("a", null, "/run/s", null, null)).secret(secret("b", null, "/run/s", null, null)).build(),
                        "spec.secrets[1].path", "is already used by another secret: /run/s"),
                invalid("secret with two sources", () -> base().secret(secret("db", "DB", null, "SRC", "/tmp/src")).build(), "spec.secrets[0]",
                        "must set at most one of fromEnv and fromFile"),
                invalid("secret source env invalid", () -> base().secret(secret("db", "DB", null, "X-Y", null)).build(), "spec.secrets[0].fromEnv",
                        "is not a valid environment variable name, was 'X-Y'"),
                invalid("secret source file blank", () -> base().secret(secret("db", "DB", null, null, " ")).build(), "spec.secrets[0].fromFile", "must not be empty"),
                invalid("null secret", () -> base().secrets(Arrays.asList((SecretRef) null)).build(), "spec.secrets[0]", "must not be empty"),
                // replicas
                invalid("negative replicas", () -> base().replicas(-1).build(), "spec.replicas", "must be 0 or more, was -1"),
                invalid("too many replicas", () -> base().replicas(10_001).build(), "spec.replicas", "must be at most 10000, was 10001"),
                // ports
                invalid("port without name", () -> base().ports(List.of(PortSpec.tcp(null, 80))).build(), "spec.ports[0].name",
                        "is required (probes and expose refer to ports by name)"),
                invalid("port name longer than 15", () -> base().ports(List.of(PortSpec.tcp("a-very-long-name1", 80))).build(), "spec.ports[0].name",
                        PORT_NAME + "a-very-long-name1'"),
                invalid("port name without a letter", () -> base().ports(List.of(PortSpec.tcp("8080", 8080))).build(), "spec.ports[0].name", PORT_NAME + "8080'"),
                invalid("upper-case port name", () -> base().ports(List.of(PortSpec.tcp("HTTP", 80))).build(), "spec.ports[0].name", PORT_NAME + "HTTP'"),
                invalid("duplicate port name", () -> base().port("http", 81).build(), "spec.ports[1].name", "duplicates port name 'http'"),
                invalid("container port above 65535", () -> base().port("metrics", 70000).build(), "spec.ports[1].containerPort", "must be 1..65535, was 70000"),
                invalid("container port 0", () -> base().port("metrics", 0).build(), "spec.ports[1].containerPort", "must be 1..65535, was 0"),
                invalid("duplicate container port", () -> base().port("alt", 80).build(), "spec.ports[1].containerPort", "duplicates port 80/tcp"),
                invalid("host port above 65535", () -> base().replicas(1).ports(List.of(PortSpec.tcp("http", 80).withHostPort(70000))).build(),
                        "spec.ports[0].hostPort", "must be 1..65535, was 70000"),
                invalid("duplicate host port", () -> base().replicas(1).ports(List.of(PortSpec.tcp("http", 80).withHostPort(8080),
                        PortSpec.tcp("alt", 81).withHostPort(8080))).build(), "spec.ports[1].hostPort", "duplicates host port 8080"),
                invalid("host port with several replicas", () -> base().ports(List.of(PortSpec.tcp("http", 80).withHostPort(8080))).build(),
                        "spec.ports[0].hostPort", "pins one host port, so at most one replica fits per node; leave it unset or expose the service instead"),
                invalid("null port", () -> base().ports(Arrays.asList((PortSpec) null)).build(), "spec.ports[0]", "must not be empty"),
                // expose
                invalid("ports while not exposed", () -> base().expose(new ExposeSpec(ExposeType.NONE, List.of(ExposedPort.of(80, "http")))).build(),
                        "spec.expose.ports", "must be empty when spec.expose.type is none"),
                invalid("exposed without ports", () -> base().expose(ExposeSpec.of(ExposeType.LOAD_BALANCER)).build(), "spec.expose.ports",
                        "must list at least one port when the service is exposed"),
                invalid("exposed port 0", () -> base().expose(ExposeSpec.loadBalancer(ExposedPort.of(0, "http"))).build(), "spec.expose.ports[0].port",
                        "must be 1..65535, was 0"),
                invalid("duplicate exposed port", () -> base().expose(ExposeSpec.loadBalancer(ExposedPort.of(80, "http"), ExposedPort.of(80, "http"))).build(),
                        "spec.expose.ports[1].port", "duplicates exposed port 80"),
                invalid("exposed port without target", () -> base().expose(ExposeSpec.loadBalancer(ExposedPort.of(80, null))).build(),
                        "spec.expose.ports[0].targetPort", "is required (a declared port's name)"),
                invalid("target naming no port", () -> base().expose(ExposeSpec.loadBalancer(ExposedPort.of(80, "admin"))).build(),
                        "spec.expose.ports[0].targetPort", "names no declared port: 'admin' (declared: http)"),
                invalid("target number not declared", () -> base().expose(ExposeSpec.loadBalancer(ExposedPort.of(80, "8080"))).build(),
                        "spec.expose.ports[0].targetPort", "names no declared port: '8080' (declared: http)"),
                invalid("target while no port is declared", () -> base().ports(List.of()).expose(ExposeSpec.loadBalancer(ExposedPort.of(80, "http"))).build(),
                        "spec.expose.ports[0].targetPort", "names no declared port: 'http' (spec.ports declares none)"),
                invalid("node port on internal exposure", () -> base().expose(ExposeSpec.of(ExposeType.INTERNAL, new ExposedPort(80, "http", 30080))).build(),
                        "spec.expose.ports[0].nodePort", "is only allowed when spec.expose.type is nodePort or loadBalancer"),
                invalid("node port above 65535", () -> base().expose(ExposeSpec.of(ExposeType.NODE_PORT, new ExposedPort(80, "http", 70000))).build(),
                        "spec.expose.ports[0].nodePort", "must be 1..65535, was 70000"),
                invalid("duplicate node port", () -> base().port("admin", 9000).expose(ExposeSpec.of(ExposeType.NODE_PORT,
                        new ExposedPort(80, "http", 30080), new ExposedPort(9000, "admin", 30080))).build(),
                        "spec.expose.ports[1].nodePort", "duplicates node port 30080"),
                // resources
                invalid("cpu request not a quantity", () -> base().resources(new Resources(new ResourceAmounts(Quantity.of("abc"), null), null)).build(),
                        "spec.resources.requests.cpu", "must be a quantity such as 250m, 0.5, 256Mi or 1G, was 'abc'"),
                invalid("negative memory limit", () -> base().resources(new Resources(null, new ResourceAmounts(null, Quantity.of("-1Gi")))).build(),
                        "spec.resources.limits.memory", "must not be negative, was '-1Gi'"),
                invalid("zero cpu request", () -> base().requests("0", null).build(), "spec.resources.requests.cpu", "must be more than 0, was '0'"),
                invalid("zero memory limit", () -> base().limits(null, "0Mi").build(), "spec.resources.limits.memory", "must be more than 0, was '0Mi'"),
                invalid("cpu request above limit", () -> base().requests("2", null).limits("1", null).build(), "spec.resources.requests.cpu",
                        "must not exceed the limit 1, was 2"),
                invalid("memory request above limit", () -> base().requests(null, "1Gi").limits(null, "512Mi").build(), "spec.resources.requests.memory",
                        "must not exceed the limit 512Mi, was 1Gi"),
                invalid("cpu too large for millicores", () -> base().limits("1E", null).build(), "spec.resources.limits.cpu",
                        "must be at most 9223372036854775, was '1E'"),
                invalid("memory too large for bytes", () -> base().limits(null, "9Ei").build(), "spec.resources.limits.memory",
                        "must be at most 9223372036854775807, was '9Ei'"),
                // probes: kind
                invalid("probe without a check", () -> base().readiness(probe(null, null, null)).build(), "spec.probes.readiness",
                        "must set exactly one of http, tcp and exec, set none"),
                invalid("probe with two checks", () -> base().readiness(probe(new HttpCheck("/", "http", null), new TcpCheck("http"), null)).build(),
                        "spec.probes.readiness", "must set exactly one of http, tcp and exec, set 2"),
                invalid("http path without slash", () -> base().readiness(Probe.http("healthz", "http")).build(), "spec.probes.readiness.http.path",
                        "must start with '/', was 'healthz'"),
                invalid("http path with a space", () -> base().readiness(Probe.http("/health z", "http")).build(), "spec.probes.readiness.http.path",
                        "must not contain whitespace (encode it as %20), was '/health z'"),
                invalid("http scheme ftp", () -> base().readiness(probe(new HttpCheck("/", "http", "ftp"), null, null)).build(),
                        "spec.probes.readiness.http.scheme", "must be http or https, was 'ftp'"),
                invalid("http probe on an undeclared port", () -> base().liveness(Probe.http("/", "admin")).build(), "spec.probes.liveness.http.port",
                        "names no declared port: 'admin' (declared: http)"),
                invalid("http probe without port", () -> base().startup(Probe.http("/", null)).build(), "spec.probes.startup.http.port",
                        "is required (a declared port's name)"),
                invalid("tcp probe on port number out of range", () -> base().liveness(Probe.tcp("70000")).build(), "spec.probes.liveness.tcp.port",
                        "must be 1..65535, was 70000"),
                invalid("tcp probe on a UDP port", () -> base().port(PortSpec.udp("dns", 53)).readiness(Probe.tcp("dns")).build(),
                        "spec.probes.readiness.tcp.port", "names UDP port 'dns'; http and tcp probes need a TCP port"),
                invalid("exec probe without command", () -> base().startup(probe(null, null, new ExecCheck(List.of()))).build(), "spec.probes.startup.exec.command",
                        "must name the program to run"),
                invalid("exec probe with blank program", () -> base().startup(Probe.exec(" ", "x")).build(), "spec.probes.startup.exec.command",
                        "must name the program to run"),
                // probes: timings
                invalid("negative initial delay", () -> base().liveness(timed(-1, null, null, null, null)).build(),
                        "spec.probes.liveness.initialDelaySeconds", "must be 0 or more, was -1"),
                invalid("zero period", () -> base().readiness(timed(null, 0, null, null, null)).build(), "spec.probes.readiness.periodSeconds",
                        "must be 1 or more, was 0"),
                invalid("zero timeout", () -> base().readiness(timed(null, null, 0, null, null)).build(), "spec.probes.readiness.timeoutSeconds",
                        "must be 1 or more, was 0"),
                invalid("zero failure threshold", () -> base().startup(timed(null, null, null, 0, null)).build(), "spec.probes.startup.failureThreshold",
                        "must be 1 or more, was 0"),
                invalid("zero success threshold", () -> base().readiness(timed(null, null, null, null, 0)).build(), "spec.probes.readiness.successThreshold",
                        "must be 1 or more, was 0"),
                invalid("liveness success threshold 2", () -> base().liveness(timed(null, null, null, null, 2)).build(),
                        "spec.probes.liveness.successThreshold", "must be 1 for liveness and startup probes, was 2"),
                invalid("startup success threshold 3", () -> base().startup(timed(null, null, null, null, 3)).build(),
                        "spec.probes.startup.successThreshold", "must be 1 for liveness and startup probes, was 3"),
                // update
                invalid("zero parallelism", () -> base().update(new UpdatePolicy(0, null, null, null, null)).build(), "spec.update.parallelism",
                        "must be 1 or more, was 0"),
                invalid("negative monitor", () -> base().update(new UpdatePolicy(null, null, null, -1, null)).build(), "spec.update.monitorSeconds",
                        "must be 0 or more, was -1"),
                invalid("negative delay", () -> base().update(new UpdatePolicy(null, null, null, null, -5)).build(), "spec.update.delaySeconds",
                        "must be 0 or more, was -5"),
                // placement
                invalid("constraint with single =", () -> base().placement(new Placement(List.of("node.labels.zone = a"), null, null)).build(),
                        "spec.placement.constraints[0]", CONSTRAINT + "node.labels.zone = a'"),
                invalid("constraint without node attribute", () -> base().placement(new Placement(List.of("zone==a"), null, null)).build(),
                        "spec.placement.constraints[0]", CONSTRAINT + "zone==a'"),
                invalid("constraint on unknown attribute", () -> base().placement(new Placement(List.of("node.labels.zone == a", "node.name == x"), null, null)).build(),
                        "spec.placement.constraints[1]", CONSTRAINT + "node.name == x'"),
                invalid("constraint without value", () -> base().placement(new Placement(List.of("node.role =="), null, null)).build(),
                        "spec.placement.constraints[0]", CONSTRAINT + "node.role =='"),
                invalid("spread over a bare word", () -> base().placement(new Placement(null, "zone", null)).build(), "spec.placement.spread",
                        "must be node.id, node.hostname or node.labels.<key>, was 'zone'"),
                invalid("zero per node", () -> base().placement(new Placement(null, null, 0)).build(), "spec.placement.maxPerNode", "must be 1 or more, was 0"),
                // security
                invalid("negative user", () -> base().security(new SecurityPolicy(-1L, null, null, null, null, null)).build(), "spec.security.runAsUser",
                        "must be 0 or more, was -1"),
                invalid("negative group", () -> base().security(new SecurityPolicy(null, -1L, null, null, null, null)).build(), "spec.security.runAsGroup",
                        "must be 0 or more, was -1"),
                invalid("root while non-root", () -> base().security(new SecurityPolicy(0L, null, true, null, null, null)).build(), "spec.security.runAsUser",
                        "is 0 (root) while spec.security.runAsNonRoot is true"),
                invalid("lower-case capability", () -> base().security(new SecurityPolicy(null, null, null, null, List.of("net_admin"), null)).build(),
                        "spec.security.dropCapabilities[0]", CAPABILITY + "net_admin'"),
                invalid("capability with a space", () -> base().security(new SecurityPolicy(null, null, null, null, null, List.of("NET ADMIN"))).build(),
                        "spec.security.addCapabilities[0]", CAPABILITY + "NET ADMIN'"),
                invalid("capability added and dropped", () -> base().security(new SecurityPolicy(null, null, null, null, List.of("NET_ADMIN"), List.of("NET_ADMIN"))).build(),
                        "spec.security.addCapabilities[0]", "is also dropped in spec.security.dropCapabilities: NET_ADMIN"),
                // restart
                invalid("negative restart attempts", () -> base().restart(new RestartPolicy(RestartCondition.ON_FAILURE, -1)).build(),
                        "spec.restart.maxAttempts", "must be 0 or more, was -1"),
                invalid("restart attempts with never", () -> base().restart(new RestartPolicy(RestartCondition.NEVER, 3)).build(),
                        "spec.restart.maxAttempts", "has no effect when spec.restart.policy is never; remove it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void eachInvalidSpecIsReportedWithItsExactPathAndReason(Supplier<ServiceSpec> spec, String path, String message) {
        assertThat(SpecValidator.validate(spec.get())).containsExactly(new Violation(path, message));
    }

    @Test
    void theCasesAreDistinctAndNumerous() {
        List<String> described = invalidSpecs().map(a -> ((Named<?>) a.get()[0]).getName()).toList();
        assertThat(described).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(60);
        List<ServiceSpec> specs = invalidSpecs().map(a -> (ServiceSpec) ((Supplier<?>) ((Named<?>) a.get()[0]).getPayload()).get()).toList();
        assertThat(specs).doesNotHaveDuplicates();
    }

    @Test
    void everyViolationIsReportedAtOnceInFieldOrder() {
        ServiceSpec spec = ServiceSpec.builder("Web").image("nginx:1.27").replicas(-2)
                .port("http", 80).port("metrics", 70000)
                .readiness(Probe.http("healthz", "admin"))
                .update(new UpdatePolicy(0, null, null, null, null))
                .security(new SecurityPolicy(-1L, null, null, null, null, null))
                .build();
        assertThat(SpecValidator.validate(spec)).extracting(Violation::toString).containsExactly(
                "metadata.name: " + DNS_NAME + "Web'",
                "spec.replicas: must be 0 or more, was -2",
                "spec.ports[1].containerPort: must be 1..65535, was 70000",
                "spec.probes.readiness.http.path: must start with '/', was 'healthz'",
                "spec.probes.readiness.http.port: names no declared port: 'admin' (declared: http, metrics)",
                "spec.update.parallelism: must be 1 or more, was 0",
                "spec.security.runAsUser: must be 0 or more, was -1");
    }

    @Test
    void extensionSectionsAreLeftToTheirBackends() {
        ServiceSpec spec = base().extensions(new Extensions(new KubernetesExtension("Shop", null, "always", null, null, null),
                new SwarmExtension(null, null, List.of(" "), -1), new NomadExtension(null, null, null, -1, 0), new LocalExtension(" ", -1))).build();
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void checkThrowsWithEveryViolationInTheMessage() {
        ServiceSpec spec = base().name("").replicas(-1).build();
        assertThatThrownBy(() -> SpecValidator.check(spec)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("invalid spec (2 problems)")
                .hasMessageContaining("metadata.name: is required")
                .hasMessageContaining("spec.replicas: must be 0 or more, was -1")
                .satisfies(e -> assertThat(((InvalidSpecException) e).violations()).hasSize(2));
    }

    @Test
    void checkPassesAValidSpecSilently() {
        SpecValidator.check(base().build());
    }

    @Test
    void theFullExampleIsValid() throws IOException {
        assertThat(SpecValidator.validate(SpecIO.read(SpecIORoundTripTest.resource("/specs/full.yaml")))).isEmpty();
    }

    static Stream<Named<ServiceSpec>> validSpecs() {
        return Stream.of(
                Named.of("the base", base().build()),
                Named.of("command only, no image", ServiceSpec.builder("job").command("java", "-jar", "app.jar").replicas(0).build()),
                Named.of("image by digest from a private registry", base().image("registry.example:5000/team/app@sha256:" + "a".repeat(64)).build()),
                Named.of("same number over tcp and udp", base().port(PortSpec.udp("dns", 80)).build()),
                Named.of("target given as a declared number", base().expose(ExposeSpec.of(ExposeType.NODE_PORT, new ExposedPort(8080, "80", 30080))).build()),
                Named.of("probes on a port number", base().readiness(Probe.tcp("8081")).liveness(Probe.http("/live", "http").everySeconds(5))
                        .startup(Probe.exec("cat", "/tmp/ready").failingAfter(30)).build()),
                Named.of("requests equal to limits", base().requests("500m", "1Gi").limits("0.5", "1024Mi").build()),
                Named.of("every section set", base().label("tier", "web").label("example.com/team", "a_b.c")
                        .env("JAVA_OPTS", "-Xmx1g").secret(SecretRef.envFromEnv("db-password", "DB_PASSWORD", "HOST_DB"))
                        .secret(new SecretRef("tls.key", null, "/run/secrets/tls.key", null, "/etc/tls/key.pem"))
                        .update(new UpdatePolicy(2, UpdateOrder.STOP_FIRST, FailureAction.PAUSE, 30, 5))
                        .placement(new Placement(List.of("node.role==worker", "node.platform.os != windows"), "node.labels.zone", 2))
                        .security(new SecurityPolicy(1000L, 1000L, true, true, List.of("ALL"), List.of("NET_BIND_SERVICE")))
                        .restart(new RestartPolicy(RestartCondition.ON_FAILURE, 5))
                        .extensions(new Extensions(null, new SwarmExtension(SwarmExtension.EndpointMode.DNSRR, SwarmExtension.PublishMode.HOST, List.of("front"), 10),
                                new NomadExtension(List.of("dc1", "dc2"), "team", "eu", 1, 50), new LocalExtension("/srv", 5)))
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSpecs")
    void validSpecsGiveNoViolation(ServiceSpec spec) {
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void validationNeverChangesTheSpec() {
        ServiceSpec spec = base().env("A", "1").build();
        List<Violation> first = new ArrayList<>(SpecValidator.validate(spec));
        assertThat(SpecValidator.validate(spec)).isEqualTo(first);
        assertThat(spec).isEqualTo(base().env("A", "1").build());
    }
}
