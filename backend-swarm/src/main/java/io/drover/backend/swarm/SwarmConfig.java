package io.drover.backend.swarm;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the Docker engine, by Docker's own conventions: {@code DOCKER_HOST} ({@code unix://}
 * or {@code tcp://}; default {@code unix:///var/run/docker.sock}), {@code DOCKER_TLS_VERIFY} and
 * {@code DOCKER_CERT_PATH}, and {@code ~/.docker-java.properties}, all read by docker-java's
 * {@link DefaultDockerClientConfig#createDefaultConfigBuilder()}. The engine must be a Swarm manager.
 * Immutable and thread-safe.
 *
 * @param dockerHost the engine's address
 * @param tlsVerify whether to use TLS with client certificates
 * @param certPath the directory with {@code ca.pem}, {@code cert.pem} and {@code key.pem}, or null
 * @param connectTimeout how long to wait for a connection to the engine
 */
public record SwarmConfig(URI dockerHost, boolean tlsVerify, String certPath, Duration connectTimeout) {
    /** The default socket of a local engine. */
    public static final String DEFAULT_SOCKET = "/var/run/docker.sock";

    public SwarmConfig {
        Objects.requireNonNull(dockerHost, "dockerHost");
        if (connectTimeout == null) connectTimeout = Duration.ofSeconds(10);
    }

    /** The configuration the environment describes (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, properties). */
    public static SwarmConfig fromEnvironment() {
        DockerClientConfig c = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return new SwarmConfig(c.getDockerHost(), c.getSSLConfig() != null, certPathOf(c), null);
    }

    /** An engine at {@code dockerHost} ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375}), without TLS. */
    public static SwarmConfig of(String dockerHost) {
        return new SwarmConfig(URI.create(dockerHost), false, null, null);
    }

    /** Whether an engine is probably reachable here without a network call: DOCKER_HOST is set or the default socket exists. */
    public static boolean probablyAvailable() {
        String host = System.getenv("DOCKER_HOST");
        return (host != null && !host.isBlank()) || Files.exists(Path.of(DEFAULT_SOCKET));
    }

    /** This configuration with another connect timeout. */
    public SwarmConfig withConnectTimeout(Duration timeout) {
        return new SwarmConfig(dockerHost, tlsVerify, certPath, timeout);
    }

    /** docker-java's configuration for this engine. */
    public DockerClientConfig toDockerClientConfig() {
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost.toString())
                .withDockerTlsVerify(tlsVerify);
        if (certPath != null) b.withDockerCertPath(certPath);
        return b.build();
    }

    /**
     * The host name under which ports published by tasks on this engine's node are reached: the
     * host of a {@code tcp://} address, else loopback.
     */
    public String publishedHost() {
        return "tcp".equals(dockerHost.getScheme()) && dockerHost.getHost() != null ? dockerHost.getHost() : "127.0.0.1";
    }

    private static String certPathOf(DockerClientConfig c) {
        if (c instanceof DefaultDockerClientConfig d && d.getSSLConfig() != null) {
            String path = System.getenv("DOCKER_CERT_PATH");
            return path == null || path.isBlank() ? null : path;
        }
        return null;
    }

    @Override
    public String toString() {
        return "SwarmConfig[" + dockerHost + (tlsVerify ? ", TLS" : "") + "]";
    }
}
