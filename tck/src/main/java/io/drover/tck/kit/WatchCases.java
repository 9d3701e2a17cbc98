package io.drover.tck.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Capability;
import io.drover.api.EventType;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.tck.RecordingListener;
import io.drover.tck.Tracked;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Pushed change events.
 *
 * <p>Composed into the kit as its {@code Watch} group.
 */
public abstract class WatchCases extends TckCases {
    /** Cases over the kit's shared fixture. */
    protected WatchCases(TckContext context) {
        super(context);
    }

    @Test
    void watchPushesAddedModifiedAndDeletedEvents() {
        requires(Capability.WATCH);
        RecordingListener events = new RecordingListener();
        try (Watch w = drover().watch(Selector.label(Tracked.RUN_LABEL, runId()), events)) {
            String name = apply(service("watched")).name();
            awaitEvent(events, name, "ADDED", e -> e.type() == EventType.ADDED);
            drover().scale(name, 2);
            awaitEvent(events, name, "MODIFIED with desired 2",
                    e -> e.type() == EventType.MODIFIED && e.status() != null && e.status().desired() == 2);
            drover().delete(name);
            awaitEvent(events, name, "DELETED", e -> e.type() == EventType.DELETED);
            ServiceEvent deleted = events.about(name).stream().filter(e -> e.type() == EventType.DELETED).findFirst().orElseThrow();
            assertThat(deleted.status()).isNull();
            assertThat(deleted.name()).isEqualTo(name);
        }
    }

    @Test
    void watchPushesTheReadyStatus() {
        requires(Capability.WATCH);
        RecordingListener events = new RecordingListener();
        try (Watch w = drover().watch(Selector.label(Tracked.RUN_LABEL, runId()), events)) {
            String name = apply(service("watchready")).name();
            awaitEvent(events, name, "a READY status", e -> e.status() != null && e.status().isReady());
        }
    }

    @Test
    void watchWithALabelSelectorSeesOnlyMatchingServices() {
        requires(Capability.WATCH);
        RecordingListener events = new RecordingListener();
        Selector selector = new Selector(Map.of(Tracked.RUN_LABEL, runId(), "tck.drover.io/watch", "yes"), false);
        try (Watch w = drover().watch(selector, events)) {
            String other = apply(service("unwatched").label("tck.drover.io/watch", "no")).name();
            String watched = apply(service("watchedsel").label("tck.drover.io/watch", "yes")).name();
            awaitEvent(events, watched, "ADDED", e -> e.type() == EventType.ADDED);
            drover().scale(other, 2);
            waiting("no events about " + other, quietPeriod().plusSeconds(10)).during(quietPeriod())
                    .until(() -> events.about(other).isEmpty());
        }
    }

    @Test
    void closedWatchReceivesNothingMore() {
        requires(Capability.WATCH);
        RecordingListener events = new RecordingListener();
        Watch w = drover().watch(Selector.label(Tracked.RUN_LABEL, runId()), events);
        String name;
        try {
            name = apply(service("closedw")).name();
            awaitEvent(events, name, "ADDED", e -> e.type() == EventType.ADDED);
        } finally {
            w.close();
        }
        int seen = events.events().size();
        drover().scale(name, 2);
        awaitStatus(name, "desired 2", x -> x.desired() == 2);
        waiting("no events after close", quietPeriod().plusSeconds(10)).during(quietPeriod())
                .until(() -> events.events().size() == seen);
        w.close(); // closing twice is allowed
    }

    @Test
    void aWatchSelectingANameSeesOnlyThatService() {
        requires(Capability.WATCH);
        String other = apply(service("notnamed")).name();
        String watched = apply(service("named")).name();
        RecordingListener events = new RecordingListener();
        try (Watch w = drover().watch(Selector.named(watched), events)) {
            drover().scale(other, 2);
            drover().scale(watched, 2);
            awaitEvent(events, watched, "MODIFIED with desired 2",
                    e -> e.type() == EventType.MODIFIED && e.status() != null && e.status().desired() == 2);
            awaitStatus(other, "desired 2", x -> x.desired() == 2);
            waiting("no events about " + other, quietPeriod().plusSeconds(10)).during(quietPeriod())
                    .until(() -> events.about(other).isEmpty());
        }
        assertThat(drover().list(Selector.named(watched))).extracting(ServiceStatus::name).containsExactly(watched);
    }

    @Test
    void aWatchEndedByTheBackendClosingTellsItsListenerOnce() {
        requires(Capability.WATCH);
        RecordingListener events = new RecordingListener();
        Watch w = drover().watch(Selector.label(Tracked.RUN_LABEL, runId()), events);
        context().reopen(); // closes the facade and its backend under the open watch
        try {
            waiting("onClose after the backend was closed", eventTimeout()).until(() -> !events.closes().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name() + ": closing the backend did not end its watch through onClose within "
                    + eventTimeout().toSeconds() + " s", e);
        }
        waiting("no second onClose", quietPeriod().plusSeconds(10)).during(quietPeriod()).until(() -> events.closes().size() == 1);
        assertThat(events.closes().get(0)).as("the cause given to onClose").isNotNull();
        assertThat(events.closes().get(0).getMessage()).as("onClose's cause says why").isNotBlank();
        w.close(); // closing an ended watch is allowed
        assertThat(events.closes()).hasSize(1);
    }

    @Test
    void closingAWatchDoesNotCallOnClose() {
        requires(Capability.WATCH);
        RecordingListener events = new RecordingListener();
        Watch w = drover().watch(Selector.label(Tracked.RUN_LABEL, runId()), events);
        w.close();
        context().reopen();
        waiting("no onClose for a watch its owner closed", quietPeriod().plusSeconds(10)).during(quietPeriod())
                .until(() -> events.closes().isEmpty());
    }

    private void awaitEvent(RecordingListener events, String name, String what, Predicate<ServiceEvent> condition) {
        try {
            waiting("event " + what + " for " + name, eventTimeout()).until(() -> events.has(name, condition));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name() + ": no " + what + " event for " + name + " within " + eventTimeout().toSeconds()
                    + " s; received: " + events.describe(), e);
        }
    }
}
