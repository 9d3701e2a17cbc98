package io.drover.backend.kubernetes;

import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.DroverException;
import io.drover.spi.support.StatusDiffWatch;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The shared informers as the feed of a {@link StatusDiffWatch}: a change to any object of a service
 * makes the watch read that service's status from the cache (keyed {@code namespace/name}) and push
 * it when it differs; a node change compares every service. An informer that stops for good (its
 * watch refused, the backend closed) ends the watch through {@link WatchListener#onClose}.
 */
final class KubernetesWatch implements Watch, KubernetesCache.Listener {
    private final KubernetesCache cache;
    private final StatusDiffWatch diff;

    /** {@code status} reads one service (namespace, name); {@code list} all the selector's, keyed {@code namespace/name}. */
    KubernetesWatch(KubernetesCache cache, Selector selector, WatchListener listener,
            BiFunction<String, String, Optional<ServiceStatus>> status, Supplier<Map<String, ServiceStatus>> list,
            Runnable onClose) {
        this.cache = cache;
        this.diff = new StatusDiffWatch("drover-k8s-watch", selector, listener, key -> {
            int slash = key.indexOf('/');
            return status.apply(key.substring(0, slash), key.substring(slash + 1));
        }, list).onClosed(() -> cache.removeListener(this)).onClosed(onClose);
    }

    /** Records what exists now (without events) and starts listening. */
    KubernetesWatch start() {
        diff.start();
        cache.addListener(this);
        return this;
    }

    @Override
    public void changed(String namespace, String service) {
        if (service == null) diff.resync(); // a node changed: every service may be affected
        else diff.changed(namespace + "/" + service);
    }

    @Override
    public void failed(DroverException cause) {
        diff.fail(cause);
    }

    @Override
    public void close() {
        diff.close();
    }
}
