package io.drover.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drover.api.error.InvalidSpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecIOTest {
    static final String HEAD = "apiVersion: drover.io/v1\nkind: Service\nmetadata: {name: web}\n";

    static List<String> violations(String text) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecIO.readAll(text));
        assertThat(e).as("reading should fail:\n%s", text).isNotNull();
        return e.violations().stream().map(Violation::toString).toList();
    }

    static Stream<Named<ServiceSpec>> specs() throws IOException {
        return Stream.of(
                Named.of("the full example", SpecIO.read(SpecIORoundTripTest.resource("/specs/full.yaml"))),
                Named.of("a minimal builder spec", ServiceSpec.builder("web").image("nginx").build()),
                Named.of("a command-only job", ServiceSpec.builder("job").command("sh", "-c", "echo 'hi: there' # not a comment")
                        .args("--flag=\"quoted\"", "", "ünïcødé ✓").replicas(0).restart(RestartCondition.NEVER).build()),
                Named.of("a spec of every section", ServiceSpec.builder("api").image("registry.example:5000/team/api:1.0")
                        .label("tier", "backend").label("example.com/team", "core")
                        .env("NUMBERLIKE", "080").env("BOOLLIKE", "true").env("NULLLIKE", "null").env("EMPTY", "")
                        .secret(SecretRef.envFromEnv("db", "DB_PASSWORD", "HOST_DB"))
                        .secret(new SecretRef("tls", null, "/run/tls.key", null, "/etc/tls.key"))
                        .replicas(4).port("http", 8080).port(PortSpec.udp("dns", 53)).port(PortSpec.tcp("admin", 9000).withHostPort(19000))
                        .expose(ExposeSpec.of(ExposeType.NODE_PORT, new ExposedPort(80, "http", 30080), ExposedPort.of(9000, "admin")))
                        .requests("100m", "64Mi").limits("1.5", "1Gi")
                        .readiness(Probe.http("/ready", "http").everySeconds(2).failingAfter(5))
                        .liveness(Probe.tcp("http").afterSeconds(30).timeoutSeconds(3))
                        .startup(Probe.exec("cat", "/tmp/started").passingAfter(1))
                        .update(new UpdatePolicy(2, UpdateOrder.STOP_FIRST, FailureAction.CONTINUE, 0, 3))
                        .placement(new Placement(List.of("node.role == worker"), "node.hostname", 1))
                        .security(new SecurityPolicy(1000L, 2000L, true, false, List.of("ALL"), List.of("NET_BIND_SERVICE")))
                        .restart(new RestartPolicy(RestartCondition.ON_FAILURE, 3))
                        .extensions(new Extensions(
                                new KubernetesExtension("shop", "api", "Always", Map.of("pool", "b"), List.of(new Toleration("k", "Exists", null, null)),
                                        Map.of("example.com/note", "multi\nline: text")),
                                new SwarmExtension(SwarmExtension.EndpointMode.VIP, SwarmExtension.PublishMode.INGRESS, List.of("net1"), 20),
                                new NomadExtension(List.of("dc1"), "default", "global", 0, 70), new LocalExtension("/tmp", 2)))
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void yamlRoundTripGivesAnEqualSpec(ServiceSpec spec) {
        String yaml = SpecIO.toYaml(spec);
        assertThat(yaml).startsWith("apiVersion: drover.io/v1\nkind: Service\nmetadata:");
        assertThat(SpecIO.read(yaml)).isEqualTo(spec);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void jsonRoundTripGivesAnEqualSpec(ServiceSpec spec) {
        String json = SpecIO.toJson(spec);
        assertThat(json).startsWith("{");
        assertThat(SpecIO.read(json)).isEqualTo(spec);
        assertThat(SpecIO.fromTree(SpecIO.toTree(spec))).isEqualTo(spec);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void canonicalJsonIsStableAcrossRoundTrips(ServiceSpec spec) {
        assertThat(SpecIO.toCanonicalJson(SpecIO.read(SpecIO.toYaml(spec)))).isEqualTo(SpecIO.toCanonicalJson(spec));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void documentFormsAreThoseOfThePrunedTree(ServiceSpec spec) {
        assertThat(SpecIO.toTree(spec)).isEqualTo(DocumentReference.tree(spec));
        assertThat(SpecIO.toCompactJson(spec)).isEqualTo(DocumentReference.compact(spec));
        assertThat(SpecIO.toCanonicalJson(spec)).isEqualTo(DocumentReference.canonical(spec));
    }

    @Test
    void compactJsonLeavesOutNullsEmptyCollectionsAndEmptySections() {
        ServiceSpec spec = ServiceSpec.builder("web").image("nginx").env("EMPTY", "").placement(new Placement(List.of(), null, null))
                .resources(new Resources(ResourceAmounts.NONE, new ResourceAmounts(null, Quantity.of("1Gi")))).build();
        assertThat(SpecIO.toCompactJson(spec)).isEqualTo("{\"apiVersion\":\"drover.io/v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"image\":\"nginx\",\"env\":{\"EMPTY\":\"\"},\"replicas\":1,\"resources\":{\"limits\":{\"memory\":\"1Gi\"}},"
                + "\"update\":{\"parallelism\":1,\"order\":\"startFirst\",\"failureAction\":\"rollback\",\"monitorSeconds\":10,\"delaySeconds\":0},"
                + "\"restart\":{\"policy\":\"always\"}}}");
    }

    @Test
    void theNamespaceLivesUnderMetadataAndRoundTrips() {
        ServiceSpec spec = SpecIO.read("""
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web, namespace: team-a }
                spec: { image: nginx:1.27 }
                """);
        assertThat(spec.namespace()).isEqualTo("team-a");
        assertThat(spec.ref()).isEqualTo(io.drover.api.ServiceRef.of("team-a", "web"));
        String yaml = SpecIO.toYaml(spec);
        assertThat(yaml).contains("namespace: team-a");
        assertThat(SpecIO.toTree(spec).path("metadata").path("namespace").asText()).isEqualTo("team-a");
        assertThat(SpecIO.read(yaml)).isEqualTo(spec);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpecIO.read("""
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec: { image: nginx:1.27, namespace: team-a }
                """)).isInstanceOfSatisfying(io.drover.api.error.InvalidSpecException.class,
                e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo("spec.namespace")));
    }

    @Test
    void theNamespaceIsNotPartOfTheFingerprint() {
        ServiceSpec spec = ServiceSpec.builder("web").image("nginx:1.27").build();
        assertThat(io.drover.spi.SpecFingerprint.of(spec.withNamespace("team-a"))).isEqualTo(io.drover.spi.SpecFingerprint.of(spec));
    }

    @Test
    void writtenYamlLeavesOutEmptySections() {
        String yaml = SpecIO.toYaml(ServiceSpec.builder("web").image("nginx").build());
        assertThat(yaml).doesNotContain("labels").doesNotContain("ports").doesNotContain("probes").doesNotContain("extensions").doesNotContain("null");
    }

    @Test
    void unknownFieldsAreReportedAtEveryLevelWithSuggestions() {
        assertThat(violations("apiVersion: drover.io/v1\nkind: Service\nmetadata: {nmae: web}\nspecs: {}\nspec:\n  image: nginx\n"
                + "  probes: {readyness: {tcp: {port: '80'}}}\n  resources: {requests: {cpus: 1}}\n  expose: {type: none, bogus: 1}\n"))
                .containsExactly(
                        "specs: unknown field (did you mean 'spec'?)",
                        "metadata.nmae: unknown field (did you mean 'name'?)",
                        "spec.expose.bogus: unknown field",
                        "spec.resources.requests.cpus: unknown field (did you mean 'cpu'?)",
                        "spec.probes.readyness: unknown field (did you mean 'readiness'?)");
    }

    @Test
    void nameAndLabelsUnderSpecAreSentToMetadata() {
        assertThat(violations(HEAD + "spec: {image: nginx, name: web, labels: {a: b}}\n")).containsExactly(
                "spec.name: unknown field; it belongs under metadata",
                "spec.labels: unknown field; it belongs under metadata");
    }

    @Test
    void wrongTypesAreReportedWithWhatWasFound() {
        assertThat(violations(HEAD + "spec:\n  image: {name: nginx}\n  replicas: \"3\"\n  env: [A, B]\n  ports: {http: 80}\n"
                + "  command: run\n  probes: {readiness: {tcp: {port: http}, periodSeconds: 2.5}}\n  security: {runAsNonRoot: \"maybe\", runAsUser: 1e3}\n"
                + "  placement: {constraints: [[a]]}\n"))
                .containsExactly(
                        "spec.image: must be a text value, was a mapping",
                        "spec.command: must be a list, was 'run'",
                        "spec.env: must be a mapping, was a list",
                        "spec.replicas: must be a whole number, was '3'",
                        "spec.ports: must be a list, was a mapping",
                        "spec.probes.readiness.periodSeconds: must be a whole number, was 2.5",
                        "spec.placement.constraints[0]: must be a text value, was a list",
                        "spec.security.runAsUser: must be a whole number, was 1000.0",
                        "spec.security.runAsNonRoot: must be true or false, was 'maybe'");
    }

    @Test
    void numbersOutOfRangeAreReported() {
        assertThat(violations(HEAD + "spec: {image: nginx, replicas: 99999999999, security: {runAsUser: 99999999999999999999}}\n"))
                .containsExactly(
                        "spec.replicas: is out of range, was 99999999999",
                        "spec.security.runAsUser: is out of range, was 99999999999999999999");
    }

    @Test
    void emptyListItemsAndMapValuesAreReported() {
        assertThat(violations(HEAD + "spec: {image: nginx, args: [a, null], env: {A: ~}, ports: [{name: http}], expose: {type: loadBalancer, ports: [{targetPort: http}]}}\n"))
                .containsExactly(
                        "spec.args[1]: must not be empty",
                        "spec.env.A: must have a value",
                        "spec.ports[0].containerPort: is required",
                        "spec.expose.ports[0].port: is required");
    }

    @Test
    void nullReplicasIsReportedButMissingReplicasDefaultsToOne() {
        assertThat(violations(HEAD + "spec: {image: nginx, replicas: null}\n")).containsExactly("spec.replicas: must be a whole number, was empty");
        assertThat(SpecIO.read(HEAD + "spec: {image: nginx}\n").replicas()).isEqualTo(1);
    }

    @Test
    void badEnumValuesListTheAllowedOnesWithASuggestion() {
        assertThat(violations(HEAD + "spec:\n  image: nginx\n  ports: [{name: http, containerPort: 80, protocol: TPC}, {name: q, containerPort: 81, protocol: quic}]\n"
                + "  expose: {type: loadbalancer, ports: [{port: 80, targetPort: http}]}\n  update: {order: startfirst, failureAction: 1}\n"
                + "  restart: {policy: Always}\n  extensions: {swarm: {endpointMode: dns}}\n"))
                .containsExactly(
                        "spec.ports[0].protocol: must be one of tcp, udp, was 'TPC' (did you mean 'tcp'?)",
                        "spec.ports[1].protocol: must be one of tcp, udp, was 'quic'",
                        "spec.expose.type: must be one of none, internal, nodePort, loadBalancer, was 'loadbalancer' (did you mean 'loadBalancer'?)",
                        "spec.update.order: must be one of startFirst, stopFirst, was 'startfirst' (did you mean 'startFirst'?)",
                        "spec.update.failureAction: must be one of rollback, pause, continue, was 1",
                        "spec.restart.policy: must be one of always, onFailure, never, was 'Always' (did you mean 'always'?)",
                        "spec.extensions.swarm.endpointMode: must be one of vip, dnsrr, was 'dns' (did you mean 'dnsrr'?)");
    }

    @Test
    void missingTopLevelPartsAreAllReported() {
        assertThat(violations("foo: bar\n")).containsExactly(
                "foo: unknown field",
                "apiVersion: is required and must be drover.io/v1",
                "kind: is required and must be Service",
                "metadata: is required (metadata.name names the service)",
                "spec: is required");
    }

    @Test
    void wrongApiVersionKindAndShapesAreReported() {
        assertThat(violations("apiVersion: drover.io/v2\nkind: Deployment\nmetadata: web\nspec: [a]\n")).containsExactly(
                "apiVersion: must be drover.io/v1, was 'drover.io/v2'",
                "kind: must be Service, was 'Deployment'",
                "metadata: must be a mapping, was 'web'",
                "spec: must be a mapping, was a list");
    }

    @Test
    void anEmptyKeyIsShownQuoted() {
        assertThat(violations("\"\": 1\n" + HEAD + "spec: {image: nginx}\n")).containsExactly("'': unknown field");
    }

    @Test
    void textThatLooksLikeANumberStaysText() {
        ServiceSpec spec = ServiceSpec.builder("web").image("nginx").args("1e3", ".5", "0x1F", "-.inf", ".nan", "+1", "007", "1_000")
                .env("N", "1e3").build();
        assertThat(SpecIO.read(SpecIO.toYaml(spec))).isEqualTo(spec);
    }

    @Test
    void emptyExtensionSectionsReadBackEqual() {
        ServiceSpec spec = SpecIO.read(HEAD + "spec: {image: nginx, extensions: {swarm: {networks: []}, nomad: {}, local: {}, kubernetes: {tolerations: []}}}\n");
        assertThat(spec.extensions()).isEqualTo(Extensions.NONE);
        assertThat(SpecIO.read(SpecIO.toYaml(spec))).isEqualTo(spec);
    }

    @Test
    void aDocumentThatIsNotAMappingIsReported() {
        assertThat(violations("- a\n- b\n")).containsExactly("$: must be a mapping with apiVersion, kind, metadata and spec, was a list");
        assertThat(violations("just text\n")).containsExactly("$: must be a mapping with apiVersion, kind, metadata and spec, was 'just text'");
    }

    @Test
    void readAllReadsEveryDocument() {
        List<ServiceSpec> all = SpecIO.readAll(HEAD + "spec: {image: nginx}\n---\n"
                + "apiVersion: drover.io/v1\nkind: Service\nmetadata: {name: db}\nspec: {image: postgres, replicas: 2}\n---\n");
        assertThat(all).extracting(ServiceSpec::name).containsExactly("web", "db");
        assertThat(all.get(1).replicas()).isEqualTo(2);
    }

    @Test
    void readAllReportsTheErrorsOfEveryDocumentAtOnce() {
        assertThat(violations(HEAD + "spec: {image: nginx, replcas: 2}\n---\n"
                + "apiVersion: drover.io/v1\nkind: Service\nmetadata: {name: ok}\nspec: {image: nginx}\n---\n"
                + "apiVersion: drover.io/v1\nkind: Servic\nmetadata: {name: db}\nspec: {image: postgres, ports: [{name: a, containerPort: x}]}\n"))
                .containsExactly(
                        "[0].spec.replcas: unknown field (did you mean 'replicas'?)",
                        "[2].kind: must be Service, was 'Servic'",
                        "[2].spec.ports[0].containerPort: must be a whole number, was 'x'");
    }

    @Test
    void readRefusesSeveralDocumentsAndEmptyText() {
        assertThat(catchThrowableOfType(InvalidSpecException.class, () -> SpecIO.read(HEAD + "spec: {image: a}\n---\n" + HEAD + "spec: {image: b}\n"))
                .violations()).extracting(Violation::toString).containsExactly("$: expected exactly one document, found 2");
        for (String empty : List.of("", "\n", "---\n", "# only a comment\n")) {
            assertThat(SpecIO.readAll(empty)).isEmpty();
            assertThat(catchThrowableOfType(InvalidSpecException.class, () -> SpecIO.read(empty)).violations())
                    .extracting(Violation::toString).containsExactly("$: holds no document; expected one with apiVersion, kind, metadata and spec");
        }
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertThat(violations(HEAD + "spec:\n  image: nginx\n  env: {A: [1, 2}\n")).singleElement().asString()
                .startsWith("$: malformed YAML/JSON at line 6, column ");
        assertThat(violations("{\"apiVersion\": \"drover.io/v1\",\n \"kind\": \"Service\"")).singleElement().asString()
                .startsWith("$: malformed YAML/JSON at line 2, column ");
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertThat(violations(HEAD + "spec:\n  image: nginx\n  image: httpd\n")).singleElement().asString()
                .isEqualTo("$: malformed YAML/JSON at line 6, column 8: Duplicate field 'image'");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThat(catchThrowableOfType(InvalidSpecException.class, () -> SpecIO.read(missing)).violations())
                .extracting(Violation::toString).containsExactly("$: file not found: " + missing);
    }

    @Test
    void aDirectoryCannotBeRead(@TempDir Path dir) {
        assertThat(catchThrowableOfType(InvalidSpecException.class, () -> SpecIO.read(dir)).violations())
                .singleElement().asString().startsWith("$: cannot read " + dir);
    }

    @Test
    void aFileIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("web.yaml");
        Files.writeString(file, HEAD + "spec: {image: nginx}\n", StandardCharsets.UTF_8);
        assertThat(SpecIO.read(file)).isEqualTo(ServiceSpec.builder("web").image("nginx").build());
    }

    @Test
    void jacksonExceptionsNeverEscapeRaw() {
        for (String text : List.of("{", "a: [", "*alias", "\t- x", "key: !!binary notbase64", "? [a]\n: b", "!!str\n", "%YAML 9.9\n---\na: b",
                "a: b\n c: d", "\"unterminated", "apiVersion: drover.io/v1\nkind: Service\nmetadata: {name: web}\nspec: {image: nginx, replicas: 0x1F}")) {
            try {
                SpecIO.readAll(text);
            } catch (InvalidSpecException expected) {
                assertThat(expected.violations()).isNotEmpty();
                assertThat(expected.getMessage()).doesNotContain("com.fasterxml");
            }
        }
    }
}
