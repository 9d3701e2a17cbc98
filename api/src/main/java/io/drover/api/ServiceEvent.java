package io.drover.api;

import java.time.Instant;

/**
 * A change pushed by {@code watch}: the service, what happened, its status after the change (null
 * when deleted), a short message from the backend ("task 3 failed: exit 1") and when.
 */
public record ServiceEvent(EventType type, String name, ServiceStatus status, String message, Instant time) {
    public ServiceEvent {
        if (time == null) time = Instant.now();
    }
}
