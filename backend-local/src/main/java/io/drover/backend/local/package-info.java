/**
 * The local backend: services as supervised host processes on one machine, the embedded default.
 *
 * <p>{@link io.drover.backend.local.LocalBackend} is the entry point (configured by
 * {@link io.drover.backend.local.LocalConfig}, found by {@link io.drover.backend.local.LocalBackendProvider}
 * or wired by {@link io.drover.backend.local.LocalModule}). Inside, one actor thread
 * ({@code LocalSupervisor}) owns every service's desired state and rollout ({@code ServiceRuntime});
 * each instance is a process ({@code InstanceProcess}) with real probes ({@code ProbeRunner}), its
 * output captured ({@code LocalLogs}) and its pid recorded for orphan reaping ({@code PidFileRegistry});
 * exposed ports are TCP load balancers ({@code LocalLoadBalancer}). Statuses come from
 * {@code LocalStatusMapper}, errors from {@code LocalErrorMapper}.
 */
package io.drover.backend.local;
