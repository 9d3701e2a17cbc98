package io.drover.backend.kubernetes;

import io.drover.api.EventType;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch fed by the shared informers: a change to any object of a service makes the watch read
 * that service's status from the cache and push ADDED, MODIFIED (when the status differs from the
 * last one pushed) or DELETED. Changes arriving while one is handled are coalesced; events are
 * delivered on the watch's own thread, in order. A listener that throws is logged and kept.
 */
final class KubernetesWatch implements Watch, KubernetesCache.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesWatch.class);
    private final KubernetesCache cache;
    private final Selector selector;
    private final Consumer<ServiceEvent> listener;
    private final BiFunction<String, String, Optional<ServiceStatus>> status;
    private final java.util.function.Supplier<Map<String, ServiceStatus>> list;
    private final ExecutorService thread;
    private final Map<String, ServiceStatus> last = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> pending = new LinkedHashSet<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;

    /** {@code status} reads one service (namespace, name); {@code list} all the selector's, keyed {@code namespace/name}. */
    KubernetesWatch(KubernetesCache cache, Selector selector, Consumer<ServiceEvent> listener,
            BiFunction<String, String, Optional<ServiceStatus>> status, java.util.function.Supplier<Map<String, ServiceStatus>> list,
            Runnable onClose) {
        this.cache = cache;
        this.selector = selector;
        this.listener = listener;
        this.status = status;
        this.list = list;
        this.onClose = onClose;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "drover-k8s-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Records what exists now (without events) and starts listening. */
    KubernetesWatch start() {
        list.get().forEach((k, s) -> last.put(k, comparable(s)));
        cache.addListener(this);
        return this;
    }

    @Override
    public void changed(String namespace, String service) {
        if (closed.get()) return;
        synchronized (pending) {
            if (service == null) {
                last.keySet().forEach(pending::add); // a node changed: every service may be affected
            } else {
                pending.add(key(namespace, service));
            }
        }
        thread.execute(this::drain);
    }

    private void drain() {
        while (!closed.get()) {
            String key;
            synchronized (pending) {
                if (pending.isEmpty()) return;
                key = pending.iterator().next();
                pending.remove(key);
            }
            int slash = key.indexOf('/');
            handle(key, key.substring(0, slash), key.substring(slash + 1));
        }
    }

    private void handle(String key, String namespace, String name) {
        Optional<ServiceStatus> now;
        try {
            now = status.apply(namespace, name).filter(s -> selector.matches(s.labels())
                    && (selector.includeUnmanaged() || KubernetesBackend.isManaged(s.labels())));
        } catch (RuntimeException e) {
            LOG.debug("cannot read the status of {}", key, e);
            return;
        }
        ServiceStatus before = last.get(key);
        if (now.isEmpty()) {
            if (before != null) {
                last.remove(key);
                deliver(new ServiceEvent(EventType.DELETED, name, null, "deleted", Instant.now()));
            }
            return;
        }
        ServiceStatus c = comparable(now.get());
        if (before == null) {
            last.put(key, c);
            deliver(new ServiceEvent(EventType.ADDED, name, now.get(), "created", Instant.now()));
        } else if (!before.equals(c)) {
            last.put(key, c);
            deliver(new ServiceEvent(EventType.MODIFIED, name, now.get(), now.get().summary(), Instant.now()));
        }
    }

    private void deliver(ServiceEvent e) {
        if (closed.get()) return;
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("a watch listener failed on {} {}", e.type(), e.name(), ex);
        }
    }

    /** The status without its observation time, so that equal states compare equal. */
    private static ServiceStatus comparable(ServiceStatus s) {
        return new ServiceStatus(s.name(), s.state(), s.desired(), s.running(), s.ready(), s.updated(), s.revision(), s.instances(),
                s.endpoints(), s.problems(), s.labels(), s.spec(), Instant.EPOCH);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        cache.removeListener(this);
        thread.shutdownNow();
        onClose.run();
    }
}
