package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.drover.api.ApplyResult;
import io.drover.api.Drover;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ConflictException;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Swarm-specific behaviour on a real single-node swarm (skipped without one; see {@link SwarmTestEngine}). */
class SwarmBackendTest {
    private Drover drover;
    private SwarmBackend backend;
    private final List<String> created = new java.util.ArrayList<>();

    @BeforeEach
    void connect() {
        backend = SwarmTestEngine.backend();
        drover = Drover.builder(backend).build();
    }

    @AfterEach
    void cleanUp() {
        if (drover == null) return;
        created.forEach(drover::delete);
        drover.close();
    }

    private ServiceSpec.Builder web(String suffix, int version) {
        String name = "swt-" + UUID.randomUUID().toString().substring(0, 6) + "-" + suffix;
        created.add(name);
        return ServiceSpec.builder(name).image("drover-test/web:" + version).port(PortSpec.tcp("http", 8080))
                .readiness(Probe.http("/cgi-bin/health", "http").everySeconds(1));
    }

    @Test
    void applyTwiceIsANoOpAndReplicaChangesOnlyScale() {
        ServiceSpec spec = web("idem", 1).build();
        assertThat(drover.apply(spec).change()).isEqualTo(ApplyResult.Change.CREATED);
        ApplyResult again = drover.apply(spec);
        assertThat(again.change()).isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(again.revision()).isEqualTo(1);
        ApplyResult scaled = drover.apply(spec.withReplicas(2));
        assertThat(scaled.change()).isEqualTo(ApplyResult.Change.SCALED);
        assertThat(scaled.revision()).isEqualTo(1);
        ServiceStatus ready = drover.awaitReady(spec.name(), Duration.ofSeconds(90));
        assertThat(ready.state()).isEqualTo(ServiceState.READY);
        assertThat(ready.ready()).isEqualTo(2);
        assertThat(ready.spec().replicas()).isEqualTo(2);
        assertThat(ready.instances()).allSatisfy(i -> assertThat(i.port("http")).isNotNull());
        assertThat(ready.instances().stream().map(i -> i.port("http").hostPort()).distinct()).hasSize(2);
    }

    @Test
    void eachInstanceAnswersOnItsOwnHostPort() throws Exception {
        ServiceSpec spec = web("ports", 2).replicas(2).build();
        drover.apply(spec);
        ServiceStatus ready = drover.awaitReady(spec.name(), Duration.ofSeconds(90));
        HttpClient http = HttpClient.newHttpClient();
        for (var instance : ready.instances()) {
            var binding = instance.port("http");
            String body = http.send(HttpRequest.newBuilder(URI.create("http://" + binding.address() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("version=2").contains("instance=");
        }
    }

    @Test
    void rollbackUsesTheEnginesPreviousSpec() {
        ServiceSpec v1 = web("rb", 1).build();
        drover.apply(v1);
        drover.awaitReady(v1.name(), Duration.ofSeconds(90));
        ServiceSpec v2 = v1.toBuilder().image("drover-test/web:2").build();
        assertThat(drover.apply(v2).revision()).isEqualTo(2);
        drover.awaitReady(v1.name(), Duration.ofSeconds(90));
        assertThat(drover.rollback(v1.name())).isEqualTo(1);
        ServiceStatus after = drover.awaitReady(v1.name(), Duration.ofSeconds(90));
        assertThat(after.revision()).isEqualTo(1);
        assertThat(after.state()).isEqualTo(ServiceState.READY);
        assertThat(after.spec().image()).isEqualTo("drover-test/web:1");
    }

    @Test
    void rollbackWithoutAPreviousRevisionIsAConflict() {
        ServiceSpec v1 = web("norb", 1).build();
        drover.apply(v1);
        assertThatThrownBy(() -> drover.rollback(v1.name())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no previous revision");
    }

    @Test
    void logsNameTheTaskOfEachLine() {
        ServiceSpec spec = web("logs", 1).build();
        drover.apply(spec);
        ServiceStatus ready = drover.awaitReady(spec.name(), Duration.ofSeconds(90));
        try (Stream<LogLine> lines = drover.logs(spec.name(), LogOptions.all())) {
            List<LogLine> all = lines.toList();
            assertThat(all).anySatisfy(l -> {
                assertThat(l.text()).contains("listening on");
                assertThat(l.instance()).isEqualTo(ready.instances().get(0).id());
                assertThat(l.time()).isNotNull();
            });
            assertThat(all).anySatisfy(l -> assertThat(l.stream()).isEqualTo(LogLine.Stream.STDERR));
        }
    }

    @Test
    void secretsAreFilesThatRotateWithTheirValueAndGoWithTheService(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path value = dir.resolve("db-password");
        java.nio.file.Files.writeString(value, "s3cret-one");
        ServiceSpec.Builder b = web("secret", 1);
        // ready only when the file holds the expected value: the readiness check reads it inside the
        // container, with a pattern that is not the value itself
        ServiceSpec v1 = b.secret(new io.drover.api.spec.SecretRef("db", null, "/run/secrets/db", null, value.toString()))
                .readiness(Probe.exec("grep", "-qx", "s.cret-one", "/run/secrets/db").everySeconds(1)).build();
        drover.apply(v1);
        assertThat(drover.awaitReady(v1.name(), Duration.ofSeconds(90)).state()).isEqualTo(ServiceState.READY);
        assertThat(drover.status(v1.name()).orElseThrow().toString()).doesNotContain("s3cret");
        assertThat(secretNames(v1.name())).singleElement().asString().startsWith(v1.name() + "-db-");

        java.nio.file.Files.writeString(value, "s3cret-two");
        ServiceSpec v2 = v1.toBuilder().readiness(Probe.exec("grep", "-qx", "s.cret-two", "/run/secrets/db").everySeconds(1)).build();
        ApplyResult rotated = drover.apply(v2);
        assertThat(rotated.change()).isEqualTo(ApplyResult.Change.UPDATED);
        assertThat(drover.awaitReady(v1.name(), Duration.ofSeconds(90)).revision()).isEqualTo(2);
        assertThat(secretNames(v1.name())).as("the new value and the previous one, for rollback").hasSize(2);
        assertThat(drover.apply(v2).change()).isEqualTo(ApplyResult.Change.UNCHANGED);

        assertThat(drover.delete(v1.name())).isTrue();
        assertThat(secretNames(v1.name())).isEmpty();
        assertThat(drover.delete(v1.name())).isFalse();
    }

    private List<String> secretNames(String service) {
        return drover.unwrap(DockerClient.class).listSecretsCmd()
                .withLabelFilter(java.util.Map.of("io.drover/service", service)).exec().stream()
                .map(x -> x.getSpec().getName()).toList();
    }

    @Test
    void rollbackAfterAScaleGoesToTheRevisionBefore() {
        ServiceSpec v1 = web("rbscale", 1).build();
        drover.apply(v1);
        drover.apply(v1.toBuilder().image("drover-test/web:2").build());
        drover.scale(v1.name(), 2);
        assertThat(drover.rollback(v1.name())).isEqualTo(1);
        ServiceStatus after = drover.awaitReady(v1.name(), Duration.ofSeconds(90));
        assertThat(after.spec().image()).isEqualTo("drover-test/web:1");
        assertThat(after.desired()).as("rollback keeps the replica count").isEqualTo(2);
        assertThat(drover.apply(v1.withReplicas(2)).change()).isEqualTo(ApplyResult.Change.UNCHANGED);
    }

    @Test
    void listMakesTheSameFewCallsWhateverTheNumberOfServices() {
        ServiceSpec a = web("lista", 1).label("swt", "list").build();
        ServiceSpec b = web("listb", 1).label("swt", "list").replicas(2).build();
        drover.apply(a);
        drover.apply(b);
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (SwarmBackend counted = new SwarmBackend(SwarmConfig.fromEnvironment(), http -> new DockerHttpClient() {
            @Override
            public Response execute(Request request) {
                requests.add(request.method() + " " + request.path().replaceAll("\\?.*", ""));
                return http.execute(request);
            }

            @Override
            public void close() throws java.io.IOException {
                http.close();
            }
        })) {
            List<ServiceStatus> listed = counted.list(io.drover.api.Selector.label("swt", "list"));
            assertThat(listed).extracting(ServiceStatus::name).containsExactlyInAnyOrder(a.name(), b.name());
            assertThat(listed).filteredOn(x -> x.name().equals(b.name())).singleElement()
                    .satisfies(x -> assertThat(x.desired()).isEqualTo(2));
        }
        assertThat(requests).containsExactly("GET /v1.41/services", "GET /v1.41/tasks", "GET /v1.41/nodes");
    }

    @Test
    void unwrapGivesTheDockerClient() {
        assertThat(drover.unwrap(DockerClient.class).pingCmd()).isNotNull();
        assertThat(drover.info().details()).containsKeys("apiVersion", "swarmNodes");
    }
}
