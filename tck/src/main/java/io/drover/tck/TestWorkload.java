package io.drover.tck;

import io.drover.api.spec.ServiceSpec;

/**
 * The TCK's test workload, described abstractly; each backend's test supplies it. It is an HTTP
 * service listening on one declared port named {@code http} that:
 * <ul>
 *   <li>answers {@link #versionPath()} with a body containing {@code version=<N>} (N given to
 *       {@link #service}) and a line {@code instance=<id>} unique per instance;</li>
 *   <li>answers {@link #healthPath()} with 200 while healthy, 500 once unhealthy;</li>
 *   <li>becomes unhealthy for good when {@link #failPath()} is requested;</li>
 *   <li>exits with code N when {@link #crashPath(int)} is requested;</li>
 *   <li>honours the environment variables {@link #ENV_UNHEALTHY} (unhealthy from the start) and
 *       {@link #ENV_CRASH_AFTER_MS} with {@link #ENV_EXIT_CODE} (exits with that code after that
 *       many milliseconds).</li>
 * </ul>
 * The local backend's tests run {@link TestServer} as a host process; Swarm's run a busybox image
 * built by the project's script.
 */
public interface TestWorkload {
    /** Environment variable: when "1", the health endpoint answers 500 from the start. */
    String ENV_UNHEALTHY = "DROVER_TEST_UNHEALTHY";
    /** Environment variable: exit this many milliseconds after start. */
    String ENV_CRASH_AFTER_MS = "DROVER_TEST_CRASH_AFTER_MS";
    /** Environment variable: the exit code used with {@link #ENV_CRASH_AFTER_MS} (default 1). */
    String ENV_EXIT_CODE = "DROVER_TEST_EXIT_CODE";

    /**
     * A spec for the test service {@code name} at {@code version} (1 or 2): image and/or command set
     * as the backend needs, one replica, one TCP port named {@code http}, nothing else. Tests add
     * probes, replicas, env and so on.
     */
    ServiceSpec.Builder service(String name, int version);

    /** The path whose body contains {@code version=<N>} and {@code instance=<id>}. */
    default String versionPath() { return "/"; }

    /** The health endpoint's path: 200 while healthy, 500 once unhealthy. */
    String healthPath();

    /** Requesting this path makes the instance unhealthy for good. */
    String failPath();

    /** Requesting this path makes the instance exit with {@code exitCode}. */
    String crashPath(int exitCode);
}
