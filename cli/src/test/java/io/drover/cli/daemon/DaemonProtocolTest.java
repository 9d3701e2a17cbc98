package io.drover.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.api.ApplyResult;
import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.Endpoint;
import io.drover.api.EventType;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.RenderFormat;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.ServiceRef;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.LocalExtension;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonProtocolTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private final FakeBackend fake = new FakeBackend();
    private DaemonServer server;
    private DaemonBackend client;
    private int port;

    @TempDir
    java.nio.file.Path home;

    @BeforeEach
    void start() {
        server = new DaemonServer(fake, TOKEN, home.toString(), Duration.ofMillis(200), () -> { });
        port = server.start();
        client = new DaemonBackend(port, TOKEN);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static ServiceSpec web() {
        return ServiceSpec.builder("web").image("hello").command("java", "-jar", "hello.jar").port("http", 8080).replicas(2)
                .label("tier", "front").readiness(Probe.http("/healthz", "http")).build();
    }

    @Test
    void capabilitiesAreExactlyTheDaemonBackendsOwn() {
        assertThat(client.capabilities()).isEqualTo(fake.capabilities()).hasSize(4);
        assertThat(client.info().capabilities()).containsExactlyInAnyOrderElementsOf(fake.capabilities());
    }

    @Test
    void validateChecksTheLocalBackendsRulesWithoutAskingTheDaemon() {
        server.close(); // a call would now fail as unavailable
        ServiceSpec spec = web().toBuilder().extensions(new Extensions(null, null, null, new LocalExtension(" ", -1))).build();
        assertThat(client.validate(spec)).containsExactly(new Violation("spec.extensions.local.workingDirectory", "must not be empty"),
                new Violation("spec.extensions.local.stopTimeoutSeconds", "must be 0 or more, was -1"));
        assertThat(client.validate(web())).isEmpty();
    }

    @Test
    void everyCallReachesTheBackendAndComesBack() {
        assertThat(client.name()).isEqualTo("fake");
        assertThat(client.capabilities()).contains(Capability.LOGS, Capability.WATCH);
        assertThat(client.info().details()).containsEntry("nodes", "1");

        ApplyResult created = client.apply(web(), Map.of("db", SecretValue.of("s3cret")));
        assertThat(created.change()).isEqualTo(ApplyResult.Change.CREATED);
        assertThat(fake.specs.get("web")).isEqualTo(web());
        assertThat(fake.secrets.get("web").get("db").reveal()).isEqualTo("s3cret");

        ServiceStatus status = client.status(ServiceRef.of("web")).orElseThrow();
        assertThat(status.ready()).isEqualTo(2);
        assertThat(status.spec()).isEqualTo(web());
        assertThat(client.status(ServiceRef.of("nope"))).isEmpty();
        assertThat(client.list(Selector.label("tier", "front"))).extracting(ServiceStatus::name).containsExactly("web");
        assertThat(client.list(Selector.label("tier", "back"))).isEmpty();

        client.scale(ServiceRef.of("web"), 5);
        assertThat(fake.specs.get("web").replicas()).isEqualTo(5);
        List<Endpoint> endpoints = client.expose(ServiceRef.of("web"), ExposeSpec.loadBalancer(ExposedPort.of(9000, "http")));
        assertThat(endpoints).extracting(Endpoint::address).containsExactly("127.0.0.1:9000");
        assertThat(client.render(web(), RenderFormat.JSON)).isEqualTo("JSON of web");
        assertThat(client.importNative("imported-one").name()).isEqualTo("imported-one");
        List<Downgrade> downgrades = new ArrayList<>();
        ServiceSpec down = client.downgrade(web(), EnumSet.of(Capability.READINESS_PROBE), downgrades);
        assertThat(down.probes().readiness()).isNull();
        assertThat(downgrades).extracting(Downgrade::path).containsExactly("spec.probes.readiness");

        assertThat(client.delete(ServiceRef.of("web"))).isTrue();
        assertThat(client.delete(ServiceRef.of("web"))).isFalse();
    }

    @Test
    void backendErrorsComeBackAsTheSameTypes() {
        assertThatThrownBy(() -> client.scale(ServiceRef.of("missing"), 1)).isInstanceOf(ServiceNotFoundException.class)
                .hasMessageContaining("service 'missing' not found")
                .satisfies(e -> assertThat(((ServiceNotFoundException) e).statusCode()).isEqualTo(404));
        client.apply(web(), Map.of());
        assertThatThrownBy(() -> client.rollback(ServiceRef.of("web"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no previous revision")
                .satisfies(e -> {
                    ConflictException c = (ConflictException) e;
                    assertThat(c.statusCode()).isEqualTo(409);
                    assertThat(c.isRetryable()).isFalse();
                    assertThat(c.backend()).isEqualTo("fake");
                });
    }

    @Test
    void requestsWithoutTheTokenAreRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI apply = URI.create("http://127.0.0.1:" + port + "/v1/apply");
        String body = WireFormat.toJson(new Messages.ApplyRequest(web(), Map.of()));
        fake.touched.set(false);

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(apply).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(apply).header("Authorization", "Bearer " + TOKEN.replace('0', '1'))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> prefix = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
                .header("Authorization", "Bearer " + TOKEN.substring(0, 10)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(prefix.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("missing or wrong token");
        assertThat(fake.touched).isFalse();
        assertThat(fake.specs).isEmpty();

        assertThatThrownBy(() -> new DaemonBackend(port, "not-the-token")).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("wrong token");
    }

    @Test
    void watchStreamsEventsUntilClosedAndThenReleasesTheBackendWatch() {
        List<ServiceEvent> seen = new CopyOnWriteArrayList<>();
        Watch watch = client.watch(Selector.all(), seen::add);
        // the daemon's own watch (recent events) plus this client's
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.watchers.size() == 2);
        client.apply(web(), Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 1);
        assertThat(seen.get(0).type()).isEqualTo(EventType.ADDED);
        assertThat(seen.get(0).status().spec()).isEqualTo(web());

        watch.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.watchClosed.get(1).get());
        assertThat(fake.watchClosed.get(0)).as("the daemon's own watch stays open").isFalse();
        client.apply(web().withReplicas(4), Map.of());
        assertThat(seen).hasSize(1);
    }

    @Test
    void aDaemonThatGoesAwayEndsTheWatchThroughOnCloseAndAnAwaitReadyAtOnce() throws Exception {
        List<io.drover.api.error.DroverException> closes = new CopyOnWriteArrayList<>();
        Watch watch = client.watch(Selector.all(), WatchListener.of(e -> { }, closes::add));
        fake.state = io.drover.api.ServiceState.PROGRESSING; // awaitReady has to wait
        client.apply(web(), Map.of());
        java.util.concurrent.CompletableFuture<io.drover.api.ServiceStatus> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> io.drover.api.Drover.builder(client).build().awaitReady("web", Duration.ofMinutes(10)));
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.watchers.size() == 3);
        long stopped = System.nanoTime();
        server.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> closes.size() == 1);
        assertThat(closes.get(0)).isInstanceOf(io.drover.api.error.BackendUnavailableException.class)
                .hasMessageContaining("drover local status");
        assertThatThrownBy(() -> waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).cause()
                .isInstanceOf(io.drover.api.error.BackendUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("awaitReady ends with the daemon, not at its timeout")
                .isLessThan(Duration.ofSeconds(30));
        watch.close();
        assertThat(closes).hasSize(1);
    }

    @Test
    void theDaemonKeepsEachServicesRecentEvents() {
        client.apply(web(), Map.of());
        client.apply(web().withReplicas(3), Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> client.recentEvents("web").size() == 2);
        assertThat(client.recentEvents("web")).extracting(ServiceEvent::type).containsExactly(EventType.ADDED, EventType.MODIFIED);
        assertThat(client.recentEvents("web")).allSatisfy(e -> {
            assertThat(e.message()).isEqualTo("applied");
            assertThat(e.status()).isNull();
        });
        assertThat(client.recentEvents("other")).isEmpty();
        for (int i = 0; i < RecentEvents.PER_SERVICE + 5; i++) client.apply(web().withReplicas(i + 4), Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> client.recentEvents("web").size() == RecentEvents.PER_SERVICE
                && client.recentEvents("web").get(0).type() == EventType.MODIFIED);
    }

    @Test
    void logsStreamWrittenLinesAndFollowUntilClosed() {
        client.apply(web(), Map.of());
        try (Stream<LogLine> lines = client.logs(ServiceRef.of("web"), LogOptions.all())) {
            assertThat(lines).extracting(LogLine::text).containsExactly("first", "second");
        }
        Stream<LogLine> followed = client.logs(ServiceRef.of("web"), LogOptions.follow(10));
        Iterator<LogLine> it = followed.iterator();
        assertThat(it.next().text()).isEqualTo("first");
        assertThat(it.next().stream()).isEqualTo(LogLine.Stream.STDERR);
        fake.followed.add(new LogLine("web-1", LogLine.Stream.STDOUT, Instant.now(), "live"));
        assertThat(it.next().text()).isEqualTo("live");
        followed.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.logsClosed.get(1).get());

        assertThatThrownBy(() -> client.logs(ServiceRef.of("missing"), LogOptions.all())).isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void aDaemonThatIsGoneIsARetryableUnavailableBackend() {
        server.close();
        assertThatThrownBy(() -> client.status(ServiceRef.of("web"))).isInstanceOf(BackendUnavailableException.class)
                .satisfies(e -> assertThat(((BackendUnavailableException) e).isRetryable()).isTrue())
                .hasMessageContaining("does not answer");
    }
}
