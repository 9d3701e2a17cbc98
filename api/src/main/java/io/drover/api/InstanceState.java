package io.drover.api;

/** The life-cycle state of one instance (a process, container, pod or allocation). */
public enum InstanceState {
    /** Accepted but not yet placed or started (scheduling, pulling the image, backing off before a restart). */
    PENDING,
    /** Started; the startup probe has not passed yet. */
    STARTING,
    /** Running (readiness is reported separately). */
    RUNNING,
    /** Being stopped. */
    STOPPING,
    /** Exited with code 0 and will not restart. */
    COMPLETED,
    /** Exited with an error, or could not start. */
    FAILED,
    /** Stopped on purpose (scaled down, replaced, deleted). */
    STOPPED
}
