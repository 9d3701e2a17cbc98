package io.drover.tck;

import io.drover.api.spec.ServiceSpec;

/**
 * The {@link TestWorkload} as a host process: {@link TestServer} run by the current JDK. For
 * backends that start {@code spec.command} on the host (the local backend). The image name
 * {@code drover-test/web:<version>} is for information only; the command is what runs. The backend
 * is expected to tell the process its port in {@code DROVER_PORT_HTTP} (or {@code PORT}).
 */
public final class LocalProcessWorkload implements TestWorkload {
    /** The container port the spec declares for the port named {@code http}. */
    public static final int CONTAINER_PORT = 8080;

    @Override
    public ServiceSpec.Builder service(String name, int version) {
        return ServiceSpec.builder(name)
                .image("drover-test/web:" + version)
                .command(TestServer.command())
                .env(TestServer.ENV_VERSION, Integer.toString(version))
                .port("http", CONTAINER_PORT);
    }

    @Override
    public String healthPath() { return "/health"; }

    @Override
    public String failPath() { return "/fail"; }

    @Override
    public String crashPath(int exitCode) { return "/crash?code=" + exitCode; }
}
