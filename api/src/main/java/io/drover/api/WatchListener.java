package io.drover.api;

import io.drover.api.error.DroverException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives what a {@link Watch} sees: every change of a matching service, then, once, why the watch
 * ended if it ended by itself (the backend was closed, the daemon went away, credentials were
 * revoked). Like fabric8's {@code Watcher.onClose(WatcherException)}: a watch closed by its owner
 * calls neither method again; a watch that ends for any other reason calls {@link #onClose} exactly
 * once. Both are called on a backend thread, in order.
 */
public interface WatchListener {

    /** A change of a matching service. An exception thrown here is logged; the watch goes on. */
    void onEvent(ServiceEvent event);

    /**
     * The watch ended without being closed by its owner and will deliver nothing more; {@code cause}
     * says why (never null). The default does nothing.
     */
    default void onClose(DroverException cause) {}

    /** A listener for events only (a failure of the watch is then only logged by the backend). */
    static WatchListener of(Consumer<ServiceEvent> onEvent) {
        Objects.requireNonNull(onEvent, "onEvent");
        return onEvent::accept;
    }

    /** A listener with both channels. */
    static WatchListener of(Consumer<ServiceEvent> onEvent, Consumer<DroverException> onClose) {
        Objects.requireNonNull(onEvent, "onEvent");
        Objects.requireNonNull(onClose, "onClose");
        return new WatchListener() {
            @Override
            public void onEvent(ServiceEvent event) { onEvent.accept(event); }

            @Override
            public void onClose(DroverException cause) { onClose.accept(cause); }
        };
    }
}
