package io.drover.benchmarks;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import io.drover.api.BackendInfo;
import io.drover.api.Drover;
import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.backend.swarm.SwarmBackend;
import io.drover.backend.swarm.SwarmConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Measures Drover on Docker Swarm against the engine's own tools, on the engine DOCKER_HOST names
 * (default the local socket; it must be a swarm manager with the test image drover-test/web:1, see
 * scripts/swarm-up.sh), in one run, same spec for all (3 replicas of drover-test/web:1, port 8080
 * published in host mode, HTTP health check every second), rounds interleaved:
 * <ul>
 *   <li>Drover: {@code apply} then {@code awaitReady};</li>
 *   <li>{@code docker service create} (the CLI, which waits until the service converged);</li>
 *   <li>the raw limit: docker-java's create, then listing the tasks every 50 ms until all are running
 *       (Swarm reports a task running once its health check passed);</li>
 *   <li>{@code list()} with 200 services: the Engine API calls it makes (counted by
 *       {@link CountingHttpClient}) and its latency.</li>
 * </ul>
 * Prints every round, the medians, and as its last three lines the ratios docs/benchmarks.md quotes.
 * Everything it creates is named {@code bench-*} and removed afterwards, also on failure.
 * System properties: {@code bench.rounds} (default 5), {@code bench.listServices} (default 200).
 */
public final class SwarmDeployBenchmark {
    private static final String IMAGE = "drover-test/web:1";
    private static final int REPLICAS = 3;
    private static final String HEALTH = "http://127.0.0.1:8080/cgi-bin/health";
    private static final long SECOND = 1_000_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(180);

    private final SwarmConfig config;
    private final CountingHttpClient http;
    private final SwarmBackend backend;
    private final Drover drover;
    private final DockerClient docker;

    private SwarmDeployBenchmark(SwarmConfig config) {
        this.config = config;
        this.http = new CountingHttpClient(SwarmBackend.httpClient(config));
        this.backend = new SwarmBackend(config, http);
        this.drover = Drover.builder(backend).build();
        this.docker = backend.unwrap(DockerClient.class);
    }

    /** Runs the benchmark; exits non-zero when it cannot. */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        int listServices = Integer.getInteger("bench.listServices", 200);
        SwarmDeployBenchmark bench = new SwarmDeployBenchmark(SwarmConfig.fromEnvironment());
        try {
            bench.run(rounds, listServices);
        } finally {
            bench.cleanUp();
            bench.drover.close();
        }
    }

    private void run(int rounds, int listServices) throws Exception {
        BackendInfo info = drover.info();
        if (!"true".equals(info.details().get("swarmManager"))) {
            throw new IllegalStateException("the engine at " + config.dockerHost() + " is not a swarm manager; run scripts/swarm-up.sh");
        }
        System.out.printf(Locale.ROOT, "engine %s at %s, swarm nodes %s; %d rounds, spec: %d x %s, health check every 1 s%n",
                info.serverVersion(), config.dockerHost(), info.details().get("swarmNodes"), rounds, REPLICAS, IMAGE);
        cleanUp();
        // one unmeasured round of each warms the JIT, the connection pool and the engine's caches
        double[] m = InterleavedRounds.medians(rounds, List.of(
                new InterleavedRounds.Contender("drover apply+awaitReady", this::drover),
                new InterleavedRounds.Contender("docker service create", this::cli),
                new InterleavedRounds.Contender("raw limit", this::raw)));
        double d = m[0], c = m[1], r = m[2];
        System.out.printf(Locale.ROOT, "median deploy-to-ready: drover %.2f s, docker service create %.2f s, raw limit %.2f s%n", d, c, r);

        ListFigures list = list(listServices);
        System.out.printf(Locale.ROOT, "list() calls: %s%n", list.calls().stream().map(call -> call.replaceFirst("\\?.*", "")).toList());
        System.out.printf(Locale.ROOT, "deploy-to-ready vs docker service create: %.2f%n", d / c);
        System.out.printf(Locale.ROOT, "deploy-to-ready vs raw limit: %.2f%n", d / r);
        System.out.printf(Locale.ROOT, "list() with %d services: %d Engine API calls, %d ms%n", listServices, list.calls().size(), list.millis());
    }

    private io.drover.api.spec.ServiceSpec spec(String name) {
        return io.drover.api.spec.ServiceSpec.builder(name).image(IMAGE).replicas(REPLICAS).port(PortSpec.tcp("http", 8080))
                .readiness(Probe.http("/cgi-bin/health", "http").everySeconds(1)).build();
    }

    /** Drover: apply, then awaitReady; seconds. */
    private double drover(int round) {
        String name = "bench-drover-" + round;
        long t0 = System.nanoTime();
        drover.apply(spec(name));
        ServiceStatus ready = drover.awaitReady(name, DEADLINE);
        double seconds = (System.nanoTime() - t0) / (double) SECOND;
        if (ready.ready() != REPLICAS) throw new IllegalStateException(name + " not ready: " + ready.summary());
        remove(name);
        return seconds;
    }

    /** The docker CLI, which waits until the service converged; seconds. */
    private double cli(int round) throws IOException, InterruptedException {
        String name = "bench-cli-" + round;
        List<String> command = List.of(dockerCli(), "-H", config.dockerHost().toString(), "service", "create", "--quiet",
                "--name", name, "--replicas", String.valueOf(REPLICAS), "--publish", "mode=host,target=8080",
                "--health-cmd", "wget -q -O- " + HEALTH, "--health-interval", "1s", "--health-timeout", "1s",
                "--health-retries", "3", IMAGE);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("docker service create failed: " + out);
        }
        double seconds = (System.nanoTime() - t0) / (double) SECOND;
        if (runningTasks(name) != REPLICAS) throw new IllegalStateException(name + " did not converge: " + out);
        remove(name);
        return seconds;
    }

    /** docker-java's create, then the tasks listed every 50 ms until all run (healthy); seconds. */
    private double raw(int round) throws InterruptedException {
        String name = "bench-raw-" + round;
        ServiceSpec spec = new ServiceSpec().withName(name)
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(REPLICAS)))
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(IMAGE)
                        .withHealthCheck(new HealthCheck().withTest(List.of("CMD", "wget", "-q", "-O-", HEALTH))
                                .withInterval(SECOND).withTimeout(SECOND).withRetries(3))))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.VIP).withPorts(List.of(
                        new PortConfig().withTargetPort(8080).withProtocol(com.github.dockerjava.api.model.PortConfigProtocol.TCP)
                                .withPublishMode(PortConfig.PublishMode.host))));
        long t0 = System.nanoTime();
        docker.createServiceCmd(spec).exec();
        long deadline = t0 + DEADLINE.toNanos();
        while (runningTasks(name) < REPLICAS) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(name + " did not get ready in " + DEADLINE);
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / (double) SECOND;
        remove(name);
        return seconds;
    }

    private int runningTasks(String name) {
        List<Task> tasks = docker.listTasksCmd().withServiceFilter(name).exec();
        return (int) tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING
                && t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING).count();
    }

    /** The figures of list(). */
    private record ListFigures(List<String> calls, long millis) {}

    /** Creates {@code count} services of 0 replicas, then times list() over them (median of 5) and counts its calls. */
    private ListFigures list(int count) {
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "bench-list-%03d", i);
            drover.apply(io.drover.api.spec.ServiceSpec.builder(name).image(IMAGE).replicas(0).label("bench", "list").build());
        }
        Selector ours = Selector.label("bench", "list");
        List<ServiceStatus> first = drover.list(ours);   // warm
        if (first.size() != count) throw new IllegalStateException("list() returned " + first.size() + " of " + count + " services");
        List<Double> millis = new ArrayList<>();
        List<String> calls = List.of();
        for (int i = 0; i < 5; i++) {
            http.reset();
            long t0 = System.nanoTime();
            List<ServiceStatus> all = drover.list(ours);
            millis.add((System.nanoTime() - t0) / 1e6);
            calls = http.calls();
            if (all.size() != count) throw new IllegalStateException("list() returned " + all.size() + " of " + count + " services");
        }
        return new ListFigures(calls, Math.round(InterleavedRounds.median(millis)));
    }

    /** Removes a service and waits until its containers are gone, so that the next measurement starts from a quiet engine. */
    private void remove(String name) {
        try {
            docker.removeServiceCmd(name).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
                && !docker.listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of("com.docker.swarm.service.name", name)).exec().isEmpty()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Removes every bench-* service (of this run or an earlier, killed one). */
    private void cleanUp() {
        List<Service> services;
        try {
            services = docker.listServicesCmd().withNameFilter(List.of("bench-")).exec();
        } catch (RuntimeException e) {
            System.err.println("cannot list bench-* services to remove them: " + e.getMessage());
            return;
        }
        for (Service s : services) {
            String name = s.getSpec().getName();
            if (!name.startsWith("bench-")) continue;
            try {
                docker.removeServiceCmd(s.getId()).exec();
            } catch (RuntimeException e) {
                System.err.println("cannot remove " + name + ": " + e.getMessage());
            }
        }
    }

    private static String dockerCli() {
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }
}
