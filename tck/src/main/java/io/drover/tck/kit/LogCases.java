package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.Capability;
import io.drover.api.InstanceStatus;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.tck.Tracked;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reading and following output.
 *
 * <p>Composed into the kit as its {@code Logs} group.
 */
public abstract class LogCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected LogCases(TckContext context) {
        super(context);
    }

    @Test
    void logsContainTheStartupLine() {
        requires(Capability.LOGS);
        ServiceStatus s = deployReady(service("logstart"));
        eventually("the startup line in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                .anySatisfy(l -> {
                    assertThat(l.stream()).isEqualTo(LogLine.Stream.STDOUT);
                    assertThat(l.text()).contains(workload().startupMarker());
                }));
    }

    /**
     * Kubernetes' rule on every backend: {@code $(VAR)} in command and args is replaced from the
     * container's environment, {@code $$(VAR)} stands for a literal {@code $(VAR)}. The single
     * quotes keep the shell from touching what Drover passed, so the line shows it exactly.
     */
    @Test
    void variablesInCommandAndArgsAreExpandedFromTheEnvironmentAndDoubleDollarEscapesThem() {
        requires(Capability.LOGS);
        String name = apply(service("expand").command("sh", "-c").args("echo 'expanded=[$(GREETING)] escaped=[$$(GREETING)]'; exec sleep 3600")
                .env("GREETING", "hello")).name();
        eventually("the expanded line in the logs", () -> assertThat(logs(name, LogOptions.all()))
                .anySatisfy(l -> assertThat(l.text()).contains("expanded=[hello] escaped=[$(GREETING)]")));
    }

    @Test
    void logsIncludeStandardError() {
        requires(Capability.LOGS);
        ServiceStatus s = deployReady(service("logerr"));
        eventually("a stderr line in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                .anySatisfy(l -> assertThat(l.stream()).isEqualTo(LogLine.Stream.STDERR)));
    }

    @Test
    void logLinesNameTheirInstance() {
        requires(Capability.LOGS);
        ServiceStatus s = deployReady(service("loginst"));
        String id = live(s).get(0).id();
        eventually("the startup line in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                .anySatisfy(l -> assertThat(l.text()).contains(workload().startupMarker())));
        assertThat(logs(s.name(), LogOptions.all())).allSatisfy(l -> assertThat(l.instance()).isEqualTo(id));
    }

    @Test
    void logsCoverEveryInstance() {
        requires(Capability.LOGS);
        ServiceStatus s = deployReady(service("logevery").replicas(2));
        Set<String> ids = live(s).stream().map(InstanceStatus::id).collect(Collectors.toSet());
        eventually("startup lines from " + ids, () -> assertThat(logs(s.name(), LogOptions.all()).stream()
                .filter(l -> l.text().contains(workload().startupMarker())).map(LogLine::instance).collect(Collectors.toSet()))
                .isEqualTo(ids));
    }

    @Test
    void logsOfOneInstanceComeOnlyFromIt() {
        requires(Capability.LOGS);
        ServiceStatus s = deployReady(service("logone").replicas(2));
        String id = live(s).get(1).id();
        LogOptions one = new LogOptions(false, null, null, id);
        eventually("the startup line of " + id, () -> assertThat(logs(s.name(), one))
                .anySatisfy(l -> assertThat(l.text()).contains(workload().startupMarker())));
        assertThat(logs(s.name(), one)).allSatisfy(l -> assertThat(l.instance()).isEqualTo(id));
    }

    @Test
    void tailGivesTheLastLines() {
        requires(Capability.LOGS);
        ServiceStatus s = deployReady(service("logtail"));
        InstanceStatus i = live(s).get(0);
        String marker = "tail" + Tracked.randomLetters(6);
        for (int n = 1; n <= 4; n++) {
            int k = n;
            eventually("request " + k, () -> assertThat(ask(i, markedPath(marker + k)).status()).isEqualTo(200));
        }
        eventually("the last request in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                .anySatisfy(l -> assertThat(l.text()).contains(marker + 4)));
        List<String> all = logs(s.name(), LogOptions.all()).stream().map(LogLine::text).toList();
        List<String> tail = logs(s.name(), LogOptions.tail(2)).stream().map(LogLine::text).toList();
        assertThat(tail).hasSize(2).isEqualTo(all.subList(all.size() - 2, all.size()));
        assertThat(tail.get(1)).contains(marker + 4);
    }

    @Test
    void sinceSkipsOlderLines() {
        requires(Capability.LOGS);
        ServiceStatus s = deployReady(service("logsince"));
        InstanceStatus i = live(s).get(0);
        String before = "before" + Tracked.randomLetters(6);
        String after = "after" + Tracked.randomLetters(6);
        eventually("first request", () -> assertThat(ask(i, markedPath(before)).status()).isEqualTo(200));
        AtomicReference<LogLine> first = new AtomicReference<>();
        eventually("the first request in the logs", () -> first.set(logs(s.name(), LogOptions.all()).stream()
                .filter(l -> l.text().contains(before)).findFirst().orElseThrow()));
        assertThat(first.get().time()).as("time of a log line").isNotNull();
        Instant since = first.get().time().plusMillis(1);
        eventually("second request", () -> assertThat(ask(i, markedPath(after)).status()).isEqualTo(200));
        LogOptions sinceFirst = new LogOptions(false, null, since, null);
        eventually("the second request in logs since " + since, () -> assertThat(logs(s.name(), sinceFirst))
                .anySatisfy(l -> assertThat(l.text()).contains(after)));
        assertThat(logs(s.name(), sinceFirst)).noneSatisfy(l -> assertThat(l.text()).contains(before));
    }

    @Test
    void followReceivesLinesWrittenAfterItOpenedUntilClosed() throws InterruptedException {
        requires(Capability.LOGS);
        ServiceStatus s = deployReady(service("logfollow"));
        InstanceStatus i = live(s).get(0);
        eventually("the startup line in the logs", () -> assertThat(logs(s.name(), LogOptions.all()))
                .anySatisfy(l -> assertThat(l.text()).contains(workload().startupMarker())));
        BlockingQueue<LogLine> received = new LinkedBlockingQueue<>();
        CountDownLatch ended = new CountDownLatch(1);
        Stream<LogLine> stream = drover().logs(s.name(), LogOptions.follow(0));
        Thread reader = new Thread(() -> {
            try {
                stream.forEach(received::add);
            } catch (RuntimeException e) {
                // a stream closed under its reader may end with an exception; ending is what counts
            } finally {
                ended.countDown();
            }
        }, "tck-log-follower");
        reader.setDaemon(true);
        reader.start();
        String marker = "follow" + Tracked.randomLetters(6);
        AtomicInteger requests = new AtomicInteger();
        try {
            waiting("a followed line for a request made after opening", eventTimeout()).ignoreExceptions().until(() -> {
                ask(i, markedPath(marker + requests.incrementAndGet()));
                return received.stream().anyMatch(l -> l.text().contains(marker));
            });
        } finally {
            stream.close();
        }
        assertThat(ended.await(eventTimeout().toMillis(), TimeUnit.MILLISECONDS)).as("the follow stream ending after close").isTrue();
        assertThat(received).noneSatisfy(l -> assertThat(l.text()).contains(workload().startupMarker()));
    }

    @Test
    void logsOfAMissingServiceThrowServiceNotFound() {
        requires(Capability.LOGS);
        String name = absentName();
        assertThatThrownBy(() -> logs(name, LogOptions.all())).isInstanceOf(ServiceNotFoundException.class);
    }

    private String markedPath(String marker) {
        String path = workload().versionPath();
        return path + (path.contains("?") ? "&" : "?") + "tck=" + marker;
    }
}
