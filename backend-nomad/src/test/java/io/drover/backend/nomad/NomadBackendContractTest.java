package io.drover.backend.nomad;

import static io.drover.backend.nomad.FakeNomad.Answer.error;
import static io.drover.backend.nomad.FakeNomad.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.ApplyResult;
import io.drover.api.EventType;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.ProblemType;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.spi.SpecFingerprint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests Drover sends to a Nomad agent, checked on a loopback fake that answers with the
 * documented payloads of {@link NomadFixtures}: paths, query parameters, JSON bodies (durations in
 * nanoseconds), the X-Nomad-Token header and the index of blocking queries; and what Drover makes of
 * the answers. Nothing here ran against a real agent.
 */
class NomadBackendContractTest {
    private static final String TOKEN = "aa534e09-6a07-0a45-2295-a7f77063d429"; // the token of [index] Authentication
    private FakeNomad nomad;
    private NomadBackend backend;

    @BeforeEach
    void start() throws Exception {
        nomad = new FakeNomad();
        backend = new NomadBackend(NomadConfig.builder(nomad.address()).token(TOKEN).namespace("default").build());
    }

    @AfterEach
    void stop() {
        backend.close();
        nomad.close();
    }

    private static ServiceSpec spec() {
        return SpecIO.read("""
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: example }
                spec:
                  image: redis:7
                  replicas: 2
                  ports: [ { name: db, containerPort: 6379 } ]
                  secrets: [ { name: db-password, env: DB_PASSWORD, fromEnv: PW } ]
                  probes: { readiness: { tcp: { port: db }, periodSeconds: 10, timeoutSeconds: 2 } }
                  update: { monitorSeconds: 15 }
                """);
    }

    @Test
    void applyOfANewServiceWritesTheVariableThenRegistersTheJobWithNanosecondDurationsAndTheToken() throws Exception {
        nomad.on("PUT /v1/var/nomad/jobs/example/example", json(NomadFixtures.VARIABLE));
        nomad.on("POST /v1/jobs", json(NomadFixtures.REGISTERED));

        ApplyResult r = backend.apply(spec(), Map.of("db-password", SecretValue.of("passw0rd1")));

        assertThat(r.change()).isEqualTo(ApplyResult.Change.CREATED);
        assertThat(r.revision()).isEqualTo(1);
        assertThat(nomad.requests).extracting(q -> q.method() + " " + q.path())
                .containsExactly("GET /v1/job/example", "PUT /v1/var/nomad/jobs/example/example", "POST /v1/jobs");
        for (FakeNomad.Request q : nomad.requests) {
            assertThat(q.header("X-Nomad-Token")).isEqualTo(TOKEN);
            assertThat(q.param("namespace")).isEqualTo("default");
        }
        JsonNode variable = NomadJson.parse(nomad.requests.get(1).body());
        assertThat(variable.path("Path").asText()).isEqualTo("nomad/jobs/example/example");
        assertThat(variable.path("Items").path("db_password").asText()).isEqualTo("passw0rd1");
        JsonNode job = NomadJson.parse(nomad.requests.get(2).body()).path("Job");
        assertThat(job.path("ID").asText()).isEqualTo("example");
        JsonNode group = job.path("TaskGroups").path(0);
        assertThat(group.path("Count").asInt()).isEqualTo(2);
        assertThat(group.path("Update").path("MinHealthyTime").asLong()).isEqualTo(15_000_000_000L);
        assertThat(group.path("Services").path(0).path("Checks").path(0).path("Interval").asLong()).isEqualTo(10_000_000_000L);
        assertThat(group.path("Services").path(0).path("Checks").path(0).path("Timeout").asLong()).isEqualTo(2_000_000_000L);
        assertThat(group.path("Tasks").path(0).path("Config").path("image").asText()).isEqualTo("redis:7");
        assertThat(job.path("Meta").path("io.drover/spec-hash").asText())
                .isEqualTo(SpecFingerprint.of(spec(), Map.of("db-password", SecretValue.of("passw0rd1"))));
        assertThat(nomad.requests.get(2).body()).doesNotContain("passw0rd1");
    }

    @Test
    void applyOfTheSameSpecChangesNothingAndAReplicaChangeUsesTheScaleApi() throws Exception {
        Map<String, SecretValue> secrets = Map.of("db-password", SecretValue.of("passw0rd1"));
        nomad.on("GET /v1/job/example", json(registeredJob(spec(), secrets, 2).toString()));
        nomad.on("PUT /v1/job/example/scale", json(NomadFixtures.SCALED));
        nomad.on("POST /v1/job/example/scale", json(NomadFixtures.SCALED));

        assertThat(backend.apply(spec(), secrets).change()).isEqualTo(ApplyResult.Change.UNCHANGED);
        assertThat(nomad.requests).hasSize(1);

        ApplyResult r = backend.apply(spec().withReplicas(5), secrets);
        assertThat(r.change()).isEqualTo(ApplyResult.Change.SCALED);
        FakeNomad.Request scale = nomad.requests.get(nomad.requests.size() - 1);
        assertThat(scale.path()).isEqualTo("/v1/job/example/scale");
        JsonNode body = NomadJson.parse(scale.body());
        assertThat(body.path("Count").asInt()).isEqualTo(5);
        assertThat(body.path("Target").path("Group").asText()).isEqualTo("example");
        assertThat(scale.header("X-Nomad-Token")).isEqualTo(TOKEN);
        assertThat(scale.param("namespace")).isEqualTo("default");
    }

    @Test
    void listMakesFiveCallsWhateverTheNumberOfJobsAndSkipsJobsDroverDidNotCreate() {
        nomad.on("GET /v1/jobs", json(NomadFixtures.JOBS));
        nomad.on("GET /v1/allocations", json("[" + NomadFixtures.healthyAlloc() + "]"));
        nomad.on("GET /v1/deployments", json("[]"));
        nomad.on("GET /v1/evaluations", json("[]"));
        nomad.on("GET /v1/nodes", json(NomadFixtures.nodes("ready")));

        List<ServiceStatus> all = backend.list(Selector.all());

        assertThat(all).extracting(ServiceStatus::name).containsExactly("example");
        assertThat(all.get(0).ready()).isEqualTo(1);
        assertThat(nomad.requests).hasSize(5);
        assertThat(nomad.requests(("GET"), "/v1/jobs").get(0).param("meta")).isEqualTo("true");
        assertThat(backend.list(Selector.all().includingUnmanaged())).extracting(ServiceStatus::name).containsExactly("example", "someone-elses");
    }

    @Test
    void statusDiagnosesAnImagePullFailureFromTheAllocationsEvents() throws Exception {
        nomad.on("GET /v1/job/example", json(registeredJob(spec(), Map.of(), 1).toString()));
        nomad.on("GET /v1/job/example/allocations", json("[" + NomadFixtures.imagePullAlloc() + "]"));
        nomad.on("GET /v1/job/example/deployments", json("[]"));
        nomad.on("GET /v1/job/example/evaluations", json("[]"));
        nomad.on("GET /v1/job/example/services", json("[]"));
        nomad.on("GET /v1/nodes", json(NomadFixtures.nodes("ready")));

        ServiceStatus s = backend.status(io.drover.api.ServiceRef.of("example")).orElseThrow();

        assertThat(s.has(ProblemType.IMAGE_PULL_FAILED)).isTrue();
        assertThat(s.desired()).isEqualTo(1);
        assertThat(backend.status(io.drover.api.ServiceRef.of("missing"))).isEmpty();
    }

    @Test
    void rollbackRevertsToTheNewestStableVersionBeforeTheCurrentOne() throws Exception {
        nomad.on("GET /v1/job/example", json(registeredJob(spec(), Map.of(), 1).toString()));
        nomad.on("GET /v1/job/example/versions", json(versions(true)));
        nomad.on("PUT /v1/job/example/revert", json(NomadFixtures.EVALUATION_CREATED));
        nomad.on("POST /v1/job/example/revert", json(NomadFixtures.EVALUATION_CREATED));

        backend.rollback(io.drover.api.ServiceRef.of("example"));

        FakeNomad.Request revert = nomad.requests.get(nomad.requests.size() - 1);
        assertThat(revert.path()).isEqualTo("/v1/job/example/revert");
        JsonNode body = NomadJson.parse(revert.body());
        assertThat(body.path("JobID").asText()).isEqualTo("example");
        assertThat(body.path("JobVersion").asInt()).isZero();
        assertThat(body.path("EnforcePriorVersion").asInt()).isEqualTo(1);
    }

    @Test
    void rollbackWithoutAStablePreviousVersionIsAConflict() throws Exception {
        nomad.on("GET /v1/job/example", json(registeredJob(spec(), Map.of(), 1).toString()));
        nomad.on("GET /v1/job/example/versions", json(versions(false)));
        assertThatThrownBy(() -> backend.rollback(io.drover.api.ServiceRef.of("example"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no stable version before version 1");
        assertThatThrownBy(() -> backend.rollback(io.drover.api.ServiceRef.of("missing"))).isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void deleteDeregistersWithPurgeAndRemovesDroversVariable() throws Exception {
        nomad.on("GET /v1/job/example", json(registeredJob(spec(), Map.of(), 1).toString()));
        nomad.on("DELETE /v1/job/example", json(NomadFixtures.EVALUATION_CREATED));
        nomad.on("DELETE /v1/var/nomad/jobs/example/example", json("{ \"Index\": 16 }")); // [vars] Delete Variable sample response

        assertThat(backend.delete(io.drover.api.ServiceRef.of("example"))).isTrue();
        assertThat(nomad.requests("DELETE", "/v1/job/example").get(0).param("purge")).isEqualTo("true");
        assertThat(nomad.requests("DELETE", "/v1/var/nomad/jobs/example/example")).hasSize(1);
        assertThat(backend.delete(io.drover.api.ServiceRef.of("missing"))).isFalse();
    }

    @Test
    void logsReadTheClientFsLogsOfEachAllocationAsPlainText() throws Exception {
        nomad.on("GET /v1/job/example", json(registeredJob(spec(), Map.of(), 1).toString()));
        nomad.on("GET /v1/job/example/allocations", json("[" + NomadFixtures.healthyAlloc() + "]"));
        // [client] Stream Logs with plain=true: "just the plain text without framing"
        nomad.on("GET /v1/client/fs/logs/" + NomadFixtures.ALLOC_ID, json("one\ntwo\nthree\n"));

        try (Stream<LogLine> lines = backend.logs(io.drover.api.ServiceRef.of("example"), LogOptions.tail(2))) {
            assertThat(lines.filter(l -> l.stream() == LogLine.Stream.STDOUT).map(LogLine::text)).containsExactly("two", "three");
        }
        List<FakeNomad.Request> asked = nomad.requests("GET", "/v1/client/fs/logs/" + NomadFixtures.ALLOC_ID);
        assertThat(asked).extracting(q -> q.param("type")).containsExactly("stdout", "stderr");
        assertThat(asked).allSatisfy(q -> {
            assertThat(q.param("task")).isEqualTo("example");
            assertThat(q.param("plain")).isEqualTo("true");
            assertThat(q.param("follow")).isEqualTo("false");
        });
    }

    @Test
    void watchFollowsTheEventStreamOnTheFourTopicsAndResumesFromTheLastIndex() throws Exception {
        nomad.on("GET /v1/jobs", json(NomadFixtures.JOBS));
        nomad.on("GET /v1/allocations", json("[]"));
        nomad.on("GET /v1/deployments", json("[]"));
        nomad.on("GET /v1/evaluations", json("[]"));
        nomad.on("GET /v1/nodes", json(NomadFixtures.nodes("ready")));
        nomad.on("GET /v1/job/example", json(registeredJob(spec(), Map.of(), 1).toString()));
        nomad.on("GET /v1/job/example/allocations", json("[" + NomadFixtures.healthyAlloc() + "]"));
        nomad.on("GET /v1/job/example/deployments", json("[]"));
        nomad.on("GET /v1/job/example/evaluations", json("[]"));
        nomad.on("GET /v1/job/example/services", json("[]"));
        nomad.on("GET /v1/event/stream", json(NomadFixtures.allocationEvent(7, NomadFixtures.healthyAlloc()) + "\n{}\n"));

        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        try (Watch w = backend.watch(Selector.all(), events::add)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.type() == EventType.MODIFIED));
            await().atMost(Duration.ofSeconds(10)).until(() -> nomad.requests("GET", "/v1/event/stream").size() >= 2);
        }
        assertThat(events).as("what existed when the watch opened is its baseline, not an ADDED")
                .extracting(ServiceEvent::type).doesNotContain(EventType.ADDED);
        ServiceEvent modified = events.stream().filter(e -> e.type() == EventType.MODIFIED).findFirst().orElseThrow();
        assertThat(modified.message()).isEqualTo("Allocation AllocationUpdated");
        assertThat(modified.status().ready()).isEqualTo(1);
        List<FakeNomad.Request> streams = nomad.requests("GET", "/v1/event/stream");
        assertThat(streams.get(0).query().get("topic")).containsExactly("Job", "Allocation", "Deployment", "Evaluation");
        assertThat(streams.get(0).param("index")).isEqualTo("0");
        assertThat(streams.get(1).param("index")).isEqualTo("7");
        assertThat(streams.get(0).header("X-Nomad-Token")).isEqualTo(TOKEN);
    }

    @Test
    void withTheEventStreamOffTheWatchUsesBlockingQueriesOnTheLastIndex() {
        nomad.on("GET /v1/event/stream", error(404, "Not Found"));
        nomad.on("GET /v1/jobs", json(NomadFixtures.JOBS, 10), json(NomadFixtures.JOBS, 93), json(NomadFixtures.JOBS, 120));
        nomad.on("GET /v1/allocations", json("[]", 93));
        nomad.on("GET /v1/deployments", json("[]"));
        nomad.on("GET /v1/evaluations", json("[]"));
        nomad.on("GET /v1/nodes", json(NomadFixtures.nodes("ready")));

        try (Watch w = backend.watch(Selector.all(), e -> { })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> nomad.requests("GET", "/v1/jobs").stream()
                    .filter(q -> q.param("index") != null).count() >= 3);
        }
        List<String> indexes = nomad.requests("GET", "/v1/jobs").stream().filter(q -> q.param("index") != null)
                .map(q -> q.param("index")).toList();
        assertThat(indexes.subList(0, 2)).containsExactly("0", "93");
        assertThat(nomad.requests("GET", "/v1/jobs").stream().filter(q -> q.param("index") != null).findFirst().orElseThrow().param("wait"))
                .isEqualTo("300s");
    }

    @Test
    void errorsBecomeDroversExceptions() {
        nomad.on("GET /v1/job/example", error(403, "Permission denied")); // [src] nomad/structs/errors.go
        assertThatThrownBy(() -> backend.status(io.drover.api.ServiceRef.of("example"))).isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("Permission denied").contains("NOMAD_TOKEN");
        });
        nomad.on("GET /v1/job/example", error(404, "job not found"));
        nomad.on("POST /v1/jobs", error(400, "1 error occurred:\n\t* Task group example validation failed: port label \"db\" in use\n"));
        assertThatThrownBy(() -> backend.apply(spec(), Map.of())).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("port label \"db\" in use")));
        nomad.on("GET /v1/job/example", error(500, "rpc error: No cluster leader"));
        assertThatThrownBy(() -> backend.status(io.drover.api.ServiceRef.of("example"))).isInstanceOfSatisfying(BackendUnavailableException.class,
                e -> assertThat(e.isRetryable()).isTrue());
        NomadBackend nowhere = new NomadBackend(NomadConfig.builder("http://127.0.0.1:1").build());
        assertThatThrownBy(() -> nowhere.list(Selector.all())).isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).contains("http://127.0.0.1:1");
        });
        nowhere.close();
    }

    /** The job as GET /v1/job/:id answers after registration: the registered job plus the server's Version and Status ([jobs] Read Job). */
    private static ObjectNode registeredJob(ServiceSpec spec, Map<String, SecretValue> secrets, int count) {
        ObjectNode job = new NomadTranslator().toJob(spec.withReplicas(count), "default", 1, SpecFingerprint.of(spec, secrets), true);
        job.put("Version", 1);
        job.put("Status", "running");
        job.put("Stop", false);
        return job;
    }

    /** [jobs] List Job Versions sample (diffs=true): version 1 stable, version 0 not; {@code zeroStable} marks version 0 stable too. */
    private static String versions(boolean zeroStable) {
        return """
                { "Diffs": [], "Index": 26, "KnownLeader": true, "LastContact": 0,
                  "Versions": [
                    { "ID": "example", "Name": "example", "Namespace": "default", "Type": "service", "Stable": true, "Status": "running",
                      "Version": 1, "Meta": { "io.drover/revision": "2" } },
                    { "ID": "example", "Name": "example", "Namespace": "default", "Type": "service", "Stable": %s, "Status": "pending",
                      "Version": 0, "Meta": { "io.drover/revision": "1" } } ] }
                """.formatted(zeroStable);
    }
}
