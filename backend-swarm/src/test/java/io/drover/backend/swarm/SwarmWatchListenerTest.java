package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.drover.api.Selector;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.spi.Labels;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A broken event stream makes the watch compare every service again, and a listener that throws does not cost the other services their events. */
class SwarmWatchListenerTest {

    @Test
    void aThrowingListenerDoesNotDropTheOtherServicesEventsOfAResync() throws InterruptedException {
        // an engine whose event stream cannot be opened: the watch reconnects after 500 ms and resyncs
        DockerClient noEvents = (DockerClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DockerClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) return null;
                    throw new IllegalStateException("no event stream in this test");
                });
        AtomicReference<List<ServiceStatus>> services = new AtomicReference<>(List.of());
        AtomicInteger reads = new AtomicInteger();
        List<String> delivered = new CopyOnWriteArrayList<>();
        SwarmWatch watch = new SwarmWatch(noEvents, Selector.all(), e -> {
            // which read of the service list brought the event: 0 is start(), 1 the first resync
            delivered.add(e.type() + " " + e.name() + " @" + (reads.get() - 1));
            if (e.name().equals("alpha")) throw new IllegalStateException("listener bug");
        }, name -> Optional.empty(), () -> {
            reads.incrementAndGet();
            return services.get();
        }, e -> new BackendUnavailableException(e.getMessage(), "swarm", "watch", null, null, true, e));
        try {
            watch.start();
            services.set(List.of(ready("alpha"), ready("beta"), ready("gamma")));
            long deadline = System.currentTimeMillis() + 10_000;
            while (delivered.size() < 3 && System.currentTimeMillis() < deadline) Thread.sleep(50);
            assertThat(delivered).containsExactly("ADDED alpha @1", "ADDED beta @1", "ADDED gamma @1");
        } finally {
            watch.close();
        }
    }

    static ServiceStatus ready(String name) {
        return new ServiceStatus(name, ServiceState.READY, 1, 1, 1, 1, 1, List.of(), List.of(), List.of(),
                Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE), null, null);
    }
}
