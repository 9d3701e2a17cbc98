package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
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
    void unwrapGivesTheDockerClient() {
        assertThat(drover.unwrap(DockerClient.class).pingCmd()).isNotNull();
        assertThat(drover.info().details()).containsKeys("apiVersion", "swarmNodes");
    }
}
