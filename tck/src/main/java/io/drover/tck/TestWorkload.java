package io.drover.tck;

import io.drover.api.spec.ServiceSpec;
import java.util.List;

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
 *   <li>writes {@link #startupMarker()} in a line to stdout and some line to stderr when it starts,
 *       and one line to stdout per request naming the request's path and query;</li>
 *   <li>closes the connection after each answer (so a TCP load balancer sees one connection per
 *       request).</li>
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

    /** Text found in the line the workload writes to stdout when it starts. */
    default String startupMarker() { return TestServer.STARTUP_MARKER; }

    /** A command that exits 0 where exec probes run (inside the instance, or on the host). */
    default List<String> passingCommand() { return List.of("sh", "-c", "exit 0"); }

    /** A command that exits non-zero where exec probes run. */
    default List<String> failingCommand() { return List.of("sh", "-c", "exit 1"); }
}
