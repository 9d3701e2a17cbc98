package io.drover.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.api.EventType;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.WatchListener;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.DroverException;
import io.drover.spi.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusDiffWatchTest {
    private final Map<String, ServiceStatus> services = new ConcurrentHashMap<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<DroverException> closes = new CopyOnWriteArrayList<>();
    private final WatchListener recording = WatchListener.of(e -> delivered.add(describe(e)), closes::add);
    private StatusDiffWatch watch;

    @AfterEach
    void closeWatch() {
        if (watch != null) watch.close();
    }

    private StatusDiffWatch watch(Selector selector, WatchListener listener) {
        watch = new StatusDiffWatch("test-watch", selector, listener, key -> Optional.ofNullable(services.get(key)),
                () -> new LinkedHashMap<>(services));
        return watch;
    }

    @Test
    void theBaselineMakesNoEventsAndAChangeMakesOne() {
        services.put("web", status("web", ServiceState.PROGRESSING, 0));
        watch(Selector.all(), recording).start();
        watch.changed("web"); // nothing differs
        services.put("web", status("web", ServiceState.READY, 1));
        watch.changed("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
        assertThat(delivered).containsExactly("MODIFIED web READY");
    }

    @Test
    void aResyncFindsAddedAndDeletedServices() {
        services.put("old", status("old", ServiceState.READY, 1));
        watch(Selector.all(), recording).start();
        services.remove("old");
        services.put("new", status("new", ServiceState.READY, 1));
        watch.resync();
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
        assertThat(delivered).containsExactlyInAnyOrder("ADDED new READY", "DELETED old");
    }

    @Test
    void aNameSelectorSeesOnlyThatService() {
        watch(Selector.named("web"), recording).start();
        services.put("other", status("other", ServiceState.READY, 1));
        services.put("web", status("web", ServiceState.READY, 1));
        watch.resync();
        await().atMost(Duration.ofSeconds(10)).until(() -> !delivered.isEmpty());
        watch.changed("other");
        watch.resync();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
        assertThat(delivered).containsExactly("ADDED web READY");
    }

    @Test
    void unmanagedServicesAreSeenOnlyWhenTheSelectorIncludesThem() {
        watch(Selector.all(), recording).start();
        services.put("foreign", new ServiceStatus("foreign", ServiceState.READY, 1, 1, 1, 1, 1, List.of(), List.of(), List.of(),
                Map.of(), null, null));
        services.put("mine", status("mine", ServiceState.READY, 1));
        watch.resync();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
        assertThat(delivered).containsExactly("ADDED mine READY");
    }

    @Test
    void aThrowingListenerDoesNotCostTheOtherServicesTheirEvents() {
        watch(Selector.all(), e -> {
            delivered.add(describe(e));
            if (e.name().equals("alpha")) throw new IllegalStateException("listener bug");
        }).start();
        services.put("alpha", status("alpha", ServiceState.READY, 1));
        services.put("beta", status("beta", ServiceState.READY, 1));
        services.put("gamma", status("gamma", ServiceState.READY, 1));
        watch.resync();
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 3);
        assertThat(delivered).containsExactly("ADDED alpha READY", "ADDED beta READY", "ADDED gamma READY");
    }

    @Test
    void aNonRetryableReadFailureEndsTheWatchThroughOnCloseOnce() {
        services.put("web", status("web", ServiceState.READY, 1));
        AtomicInteger closedHooks = new AtomicInteger();
        BackendUnavailableException revoked = new BackendUnavailableException("403: the token was revoked", "fake", "status", "web",
                403, false, null);
        watch = new StatusDiffWatch("test-watch", Selector.all(), recording, key -> { throw revoked; },
                () -> new LinkedHashMap<>(services)).onClosed(closedHooks::incrementAndGet).start();
        watch.changed("web");
        watch.changed("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> !closes.isEmpty());
        assertThat(watch.isClosed()).isTrue();
        watch.fail(revoked);
        watch.close();
        assertThat(closes).containsExactly(revoked);
        assertThat(closedHooks).hasValue(1);
    }

    @Test
    void aRetryableReadFailureIsSkippedAndTheWatchGoesOn() {
        AtomicInteger reads = new AtomicInteger();
        watch = new StatusDiffWatch("test-watch", Selector.all(), recording, key -> {
            if (reads.incrementAndGet() == 1) throw new BackendUnavailableException("503", "fake", "status", key, 503, true, null);
            return Optional.ofNullable(services.get(key));
        }, () -> new LinkedHashMap<>(services)).start();
        services.put("web", status("web", ServiceState.READY, 1));
        watch.changed("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() == 1);
        watch.changed("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
        assertThat(closes).isEmpty();
        assertThat(watch.isClosed()).isFalse();
    }

    @Test
    void aWatchClosedByItsOwnerNeitherDeliversNorCallsOnClose() {
        watch(Selector.all(), recording).start();
        watch.close();
        services.put("web", status("web", ServiceState.READY, 1));
        watch.changed("web");
        watch.resync();
        watch.fail(new BackendUnavailableException("gone", "fake", "watch", null, null, false, null));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> delivered.isEmpty() && closes.isEmpty());
    }

    @Test
    void theSignatureIgnoresTheObservationTime() {
        ServiceStatus a = status("web", ServiceState.READY, 1);
        ServiceStatus b = new ServiceStatus("web", ServiceState.READY, 1, 1, 1, 1, 1, List.of(), List.of(), List.of(), a.labels(), null,
                a.observedAt().plusSeconds(5));
        assertThat(StatusDiffWatch.signature(a)).isEqualTo(StatusDiffWatch.signature(b));
        assertThat(StatusDiffWatch.signature(a)).isNotEqualTo(StatusDiffWatch.signature(status("web", ServiceState.DEGRADED, 0)));
    }

    private static ServiceStatus status(String name, ServiceState state, int ready) {
        return new ServiceStatus(name, state, 1, ready, ready, ready, 1, List.of(), List.of(), List.of(),
                Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE), null, null);
    }

    private static String describe(ServiceEvent e) {
        return e.type() + " " + e.name() + (e.type() == EventType.DELETED ? "" : " " + e.status().state());
    }
}
