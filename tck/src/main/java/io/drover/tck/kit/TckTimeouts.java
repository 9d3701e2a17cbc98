package io.drover.tck.kit;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of the kit's waits, as the backend's test chose them (see the overridable methods of
 * {@link io.drover.tck.DroverCompatibilityKit}).
 *
 * @param ready how long a service may take to become READY
 * @param settle how long a status change (a restart, a problem showing up, a scale) may take
 * @param event how long a pushed event or a followed log line may take to arrive
 * @param quiet how long the kit watches for something that must not happen
 * @param request the timeout of each HTTP connect and request
 * @param poll how often waits poll the status
 */
public record TckTimeouts(Duration ready, Duration settle, Duration event, Duration quiet, Duration request, Duration poll) {
    /** Checks that every bound is given. */
    public TckTimeouts {
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(poll, "poll");
    }
}
