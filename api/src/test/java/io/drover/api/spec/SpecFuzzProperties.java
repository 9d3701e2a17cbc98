package io.drover.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.Capability;
import io.drover.api.error.InvalidSpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every text and every builder-made spec is either valid (read, then validated without violations,
 * and then it round-trips equal through YAML and JSON, with equal canonical text) or rejected with an
 * {@link InvalidSpecException} naming at least one field: never any other exception.
 * 4,000 + 2,000 + 1,500 + 3,000 = 10,500 tries.
 */
class SpecFuzzProperties {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SEEDS = List.of(
            resource("/specs/full.yaml"),
            """
            apiVersion: drover.io/v1
            kind: Service
            metadata: {name: web}
            spec: {image: nginx}
            """,
            """
            apiVersion: drover.io/v1
            kind: Service
            metadata: {name: api, labels: {tier: backend, example.com/team: core}}
            spec:
              command: [java, -jar, app.jar]
              args: ["--port=8080"]
              env: {JAVA_OPTS: "-Xmx1g", NUM: "080"}
              secrets: [{name: tls, path: /run/tls.key, fromFile: /etc/tls.key}, {name: db, env: DB}]
              replicas: 2
              ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: udp}, {name: admin, containerPort: 9000}]
              expose: {type: nodePort, ports: [{port: 80, targetPort: http, nodePort: 30080}, {port: 9000, targetPort: "9000"}]}
              resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 2, memory: 1Gi}}
              probes: {readiness: {tcp: {port: "8080"}, timeoutSeconds: 2}, liveness: {http: {path: /live, port: admin, scheme: https}, successThreshold: 1}}
              update: {parallelism: 2, order: stopFirst, failureAction: pause, monitorSeconds: 0, delaySeconds: 5}
              placement: {constraints: ["node.role != manager"], maxPerNode: 1}
              security: {runAsUser: 1000, runAsGroup: 1000, addCapabilities: [NET_BIND_SERVICE]}
              restart: {policy: onFailure, maxAttempts: 3}
              extensions: {local: {workingDirectory: /srv, stopTimeoutSeconds: 3}, nomad: {priority: 60, region: eu}}
            """);
    static final List<String> ODD_STRINGS = List.of("", " ", "-", "..", "/", "a/b", "A", "0", "-1", "1e3", "0x10", "true", "null", "~", "NaN",
            "ünïcødé", "日本語", "emoji 🚀", "tab\there", "new\nline", "quote'\"", "#comment", "&anchor", "*alias", "!!str", "{}", "[]",
            "node.labels.zone == a", "250m", "256Mi", "http", "readiness", "x".repeat(300), "\u0000", "\u202e", "io.drover/x");
    static final List<JsonNode> ODD_NUMBERS = List.of(F.numberNode(0), F.numberNode(-1), F.numberNode(65536), F.numberNode(70000),
            F.numberNode(Integer.MAX_VALUE), F.numberNode(Long.MAX_VALUE), F.numberNode(Integer.MIN_VALUE), F.numberNode(new BigInteger("99999999999999999999999")),
            F.numberNode(0.5), F.numberNode(-0.0), F.numberNode(1e308), F.numberNode(new BigDecimal("1e400")), F.numberNode(3.0), F.numberNode(10001));

    static String resource(String name) {
        try {
            return SpecIORoundTripTest.resource(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int clean;
    static int rejected;

    @AfterContainer
    static void bothOutcomesWereExercised() {
        // a fuzzer that only ever produced one outcome would prove little
        assertThat(clean).as("valid inputs").isGreaterThan(100);
        assertThat(rejected).as("rejected inputs").isGreaterThan(100);
    }

    /** Reads, validates and round-trips the text; only InvalidSpecException may be thrown. */
    static void validOrRejected(String text) {
        ServiceSpec spec;
        try {
            spec = SpecIO.read(text);
        } catch (InvalidSpecException e) {
            assertThat(e.violations()).isNotEmpty();
            assertThat(e.getMessage()).doesNotContain("com.fasterxml");
            rejected++;
            return;
        }
        validOrRejected(spec);
    }

    static void validOrRejected(ServiceSpec spec) {
        assertThat(SpecIO.toTree(spec)).as("the document tree").isEqualTo(DocumentReference.tree(spec));
        assertThat(SpecIO.toCompactJson(spec)).as("compact JSON").isEqualTo(DocumentReference.compact(spec));
        assertThat(SpecIO.toCanonicalJson(spec)).as("canonical JSON").isEqualTo(DocumentReference.canonical(spec));
        List<Violation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            assertThatThrownBy(() -> SpecValidator.check(spec)).isInstanceOf(InvalidSpecException.class);
            rejected++;
            return;
        }
        assertThat(SpecIO.read(SpecIO.toYaml(spec))).isEqualTo(spec);
        assertThat(SpecIO.read(SpecIO.toJson(spec))).isEqualTo(spec);
        assertThat(SpecValidator.validate(SpecIO.read(SpecIO.toYaml(spec)))).isEmpty();
        assertThat(SpecIO.toCanonicalJson(SpecIO.read(SpecIO.toYaml(spec)))).isEqualTo(SpecIO.toCanonicalJson(spec));
        assertThat(Capability.requiredBy(spec)).isNotNull();
        clean++;
    }

    // ------------------------------------------------------------------ mutated trees

    @Property(tries = 4000)
    void mutatedDocumentsAreValidOrRejected(@ForAll("mutatedDocuments") String text) {
        validOrRejected(text);
    }

    @Provide
    Arbitrary<String> mutatedDocuments() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.longs(), Arbitraries.integers().between(0, 4),
                Arbitraries.strings().all().ofMaxLength(12), Arbitraries.of(true, false))
                .as((seed, random, count, text, json) -> {
                    Random r = new Random(random);
                    JsonNode tree = parse(seed);
                    for (int i = 0; i < count; i++) tree = mutate(tree, r, text);
                    return json ? tree.toPrettyString() : yaml(tree);
                });
    }

    static String yaml(JsonNode tree) {
        try {
            return SpecIO.yamlMapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String yaml) {
        try {
            return SpecIO.yamlMapper().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One random mutation somewhere in the tree: drop, duplicate, retype, replace or add. */
    static JsonNode mutate(JsonNode root, Random r, String randomText) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(r.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            String key = keys.isEmpty() ? "x" : keys.get(r.nextInt(keys.size()));
            switch (r.nextInt(6)) {
                case 0 -> o.remove(key);
                case 1 -> o.set(key + (r.nextBoolean() ? "s" : ""), o.has(key) ? o.get(key).deepCopy() : F.nullNode());
                case 2 -> o.set(key, oddValue(r, randomText));
                case 3 -> o.set(randomText.isEmpty() ? "extra" : randomText, oddValue(r, randomText));
                case 4 -> o.set(key, o.has(key) && o.get(key).isContainerNode() ? F.textNode(randomText) : F.arrayNode().add(o.path(key).deepCopy()));
                default -> o.set(key, keys.size() > 1 ? o.get(keys.get(r.nextInt(keys.size()))).deepCopy() : F.objectNode());
            }
        } else if (target instanceof ArrayNode a) {
            switch (r.nextInt(4)) {
                case 0 -> { if (!a.isEmpty()) a.remove(r.nextInt(a.size())); }
                case 1 -> { if (!a.isEmpty()) a.add(a.get(r.nextInt(a.size())).deepCopy()); }
                case 2 -> a.add(oddValue(r, randomText));
                default -> { if (!a.isEmpty()) a.set(r.nextInt(a.size()), oddValue(r, randomText)); }
            }
        }
        return root;
    }

    static void collect(JsonNode n, List<JsonNode> out) {
        if (!n.isContainerNode()) return;
        out.add(n);
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) collect(it.next(), out);
    }

    static JsonNode oddValue(Random r, String randomText) {
        return switch (r.nextInt(7)) {
            case 0 -> F.textNode(randomText);
            case 1 -> F.textNode(ODD_STRINGS.get(r.nextInt(ODD_STRINGS.size())));
            case 2 -> ODD_NUMBERS.get(r.nextInt(ODD_NUMBERS.size()));
            case 3 -> F.booleanNode(r.nextBoolean());
            case 4 -> F.nullNode();
            case 5 -> F.arrayNode().add(F.textNode(randomText)).add(r.nextInt());
            default -> F.objectNode().put(randomText, r.nextInt(100));
        };
    }

    // ------------------------------------------------------------------ truncated and random text

    @Property(tries = 2000)
    void truncatedTextIsValidOrRejected(@ForAll("truncated") String text) {
        validOrRejected(text);
    }

    @Provide
    Arbitrary<String> truncated() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.doubles().between(0, 1), Arbitraries.of(true, false))
                .as((seed, cut, json) -> {
                    String text = json ? parse(seed).toPrettyString() : seed;
                    return text.substring(0, (int) (text.length() * cut));
                });
    }

    @Property(tries = 1500)
    void randomTextIsValidOrRejected(@ForAll("randomText") String text) {
        validOrRejected(text);
    }

    @Provide
    Arbitrary<String> randomText() {
        Arbitrary<String> noise = Arbitraries.strings().all().ofMaxLength(80);
        Arbitrary<String> yamlish = Arbitraries.strings().withChars(":-[]{},'\"#&*!|>%@` \n\tabc123").ofMaxLength(60);
        Arbitrary<String> header = Combinators.combine(noise, yamlish).as((a, b) ->
                "apiVersion: drover.io/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  image: nginx\n  " + b + a);
        return Arbitraries.oneOf(noise, yamlish, header);
    }

    // ------------------------------------------------------------------ builder specs

    @Property(tries = 3000)
    void builderSpecsAreValidOrRejected(@ForAll("builderSpecs") ServiceSpec spec) {
        validOrRejected(spec);
    }

    static <T> Arbitrary<T> mostly(T good, Arbitrary<T> other) {
        if (good == null) return other.injectNull(0.85);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(good)), net.jqwik.api.Tuple.of(1, other));
    }

    static Arbitrary<String> oddOr(String good) {
        return mostly(good, Arbitraries.oneOf(Arbitraries.of(ODD_STRINGS), Arbitraries.strings().all().ofMaxLength(10)));
    }

    @Provide
    Arbitrary<ServiceSpec> builderSpecs() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10),
                oddOr("web"));
        Arbitrary<String> images = Arbitraries.of("nginx", "nginx:1.27", "registry.example:5000/a/b:v1", "Bad Image", "");
        Arbitrary<Integer> replicas = Arbitraries.oneOf(Arbitraries.integers().between(0, 5), Arbitraries.of(-1, 10_000, 10_001));
        Arbitrary<PortSpec> ports = Combinators.combine(Arbitraries.of("http", "admin", "dns", "HTTP", "", "metrics-exporter-x"),
                Arbitraries.oneOf(Arbitraries.of(80, 8080, 53, 9000), Arbitraries.integers().between(-1, 70_000)),
                Arbitraries.of(Protocol.TCP, Protocol.TCP, Protocol.UDP), mostly(null, Arbitraries.of(8080, 0, 70_000)))
                .as(PortSpec::new);
        Arbitrary<String> portRefs = Arbitraries.of("http", "admin", "dns", "80", "70000", "nope", "");
        Arbitrary<Probe> probes = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of("/", "/healthz", "bad", "/a b"), portRefs,
                        Arbitraries.integers().between(-1, 3), Arbitraries.integers().between(0, 2))
                .as((kind, path, port, period, success) -> new Probe(kind == 0 ? new HttpCheck(path, port, null) : null,
                        kind == 1 ? new TcpCheck(port) : null, kind == 2 ? new ExecCheck(List.of(path)) : null, null, period, null, null, success));
        Arbitrary<Quantity> quantities = Arbitraries.of("250m", "0.5", "2", "256Mi", "1G", "1e3", "abc", "-1", "0", "9Ei", "1.5Gi").map(Quantity::of);
        Arbitrary<ExposeSpec> exposes = Combinators.combine(Arbitraries.of(ExposeType.class),
                Arbitraries.integers().between(0, 65536), portRefs, mostly(null, Arbitraries.of(30080, 70_000)))
                .as((type, port, target, nodePort) -> type == ExposeType.NONE ? ExposeSpec.NONE : ExposeSpec.of(type, new ExposedPort(port, target, nodePort)));
        Arbitrary<SecretRef> secrets = Combinators.combine(Arbitraries.of("db", "tls", "Bad_Name"), Arbitraries.of("DB", "TLS", "1X"),
                mostly(null, Arbitraries.of("/run/s", "rel/path")), mostly(null, Arbitraries.of("HOST_DB", "X-Y")))
                .as((name, env, path, fromEnv) -> new SecretRef(name, env, path, fromEnv, null));
        Arbitrary<Map<String, String>> envs = Arbitraries.maps(Arbitraries.of("A", "JAVA_OPTS", "1BAD", "PORT"),
                Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(20), Arbitraries.of(ODD_STRINGS))).ofMaxSize(3);
        Arbitrary<Map<String, String>> labels = Arbitraries.maps(Arbitraries.of("tier", "example.com/team", "io.drover/x", "-bad"),
                Arbitraries.of("web", "a_b.c", "", "bad value")).ofMaxSize(2);
        Arbitrary<SecurityPolicy> security = Combinators.combine(mostly(null, Arbitraries.longs().between(-1, 70_000)),
                Arbitraries.of(true, false), Arbitraries.of(List.<String>of(), List.of("ALL"), List.of("NET_ADMIN"), List.of("bad cap")))
                .as((user, nonRoot, caps) -> new SecurityPolicy(user, null, nonRoot ? Boolean.TRUE : null, null, caps, List.of()));
        Arbitrary<Placement> placements = Combinators.combine(Arbitraries.of(List.<String>of(), List.of("node.role == worker"), List.of("zone=a")),
                mostly(null, Arbitraries.of("node.labels.zone", "zone")), mostly(null, Arbitraries.of(1, 0)))
                .as(Placement::new);
        Arbitrary<RestartPolicy> restarts = Combinators.combine(Arbitraries.of(RestartCondition.class), mostly(null, Arbitraries.of(3, -1)))
                .as(RestartPolicy::new);

        Arbitrary<ServiceSpec.Builder> core = Combinators.combine(names, images, replicas, ports.list().ofMaxSize(3), labels, envs)
                .as((name, image, n, portList, labelMap, envMap) -> ServiceSpec.builder(name).image(image.isEmpty() ? null : image)
                        .replicas(n).ports(portList).labels(labelMap).env(envMap));
        return Combinators.combine(core, mostly(null, probes), mostly(null, probes), mostly(ExposeSpec.NONE, exposes),
                        secrets.list().ofMaxSize(2), Combinators.combine(mostly(null, quantities), mostly(null, quantities)).as(ResourceAmounts::new),
                        Combinators.combine(security, placements, restarts).as(List::of), Arbitraries.of(true, false))
                .as((b, readiness, liveness, expose, secretList, limits, sections, withCommand) -> {
                    b.readiness(readiness).liveness(liveness).expose(expose).secrets(secretList)
                            .resources(new Resources(ResourceAmounts.NONE, limits))
                            .security((SecurityPolicy) sections.get(0)).placement((Placement) sections.get(1)).restart((RestartPolicy) sections.get(2));
                    if (withCommand) b.command("app", "--flag");
                    return b.build();
                });
    }
}
