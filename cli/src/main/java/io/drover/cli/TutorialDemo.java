package io.drover.cli;

import io.drover.api.ApplyResult;
import io.drover.api.Drover;
import io.drover.api.Endpoint;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.error.DroverException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.backend.local.LocalBackend;
import io.drover.backend.local.LocalConfig;
import io.drover.examples.demo.HelloService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code drover demo}: the seed guide's tutorial (create a deployment, expose it, get, scale) and
 * then an update and a rollback, end to end on the local backend, printed like a terminal session
 * ({@code $ drover ...} followed by what that verb prints). The service is {@link HelloService},
 * run as host processes. Every step is checked (readiness, answers through the load balancer, the
 * version answering); the first failed check ends the demo. It runs in this process on its own
 * local backend (state under {@code <DROVER_HOME>/demo}), not through the daemon, and deletes its
 * service and stops its processes whatever happens.
 */
final class TutorialDemo {
    static final String NAME = "hello-demo";
    private static final int REQUESTS = 6;

    private final PrintWriter out;
    private final Duration timeout;
    private final Path stateDirectory;

    TutorialDemo(PrintWriter out, Duration timeout, Path stateDirectory) {
        this.out = out;
        this.timeout = timeout;
        this.stateDirectory = stateDirectory;
    }

    /** Runs the demo; true when every step worked. */
    boolean run() {
        LocalBackend backend = new LocalBackend(LocalConfig.builder().stateDirectory(stateDirectory)
                .stopTimeout(Duration.ofSeconds(3)).build());
        try (Drover drover = Drover.builder(backend).build()) {
            try {
                steps(drover);
                out.println();
                out.println("demo finished: every step worked");
                return true;
            } catch (DemoFailure | DroverException e) {
                out.println();
                out.println("demo FAILED: " + e.getMessage());
                drover.status(NAME).ifPresent(s -> ProblemText.print(s.problems(), out));
                return false;
            } finally {
                try {
                    drover.delete(NAME);
                } catch (DroverException e) {
                    out.println("cleanup: " + e.getMessage());
                }
                out.flush();
            }
        }
    }

    private void steps(Drover drover) {
        ServiceSpec v1 = spec(1);
        out.println("# " + NAME + ".yaml: a small HTTP service shipped with the examples, run as host processes");
        SpecIO.toYaml(v1).lines().forEach(l -> out.println("#   " + l));

        command("apply -f " + NAME + ".yaml", "1. Create the service (like kubectl create deployment)");
        ApplyResult created = drover.apply(v1);
        out.println("service/" + NAME + " " + ApplyCommand.verb(created.change()) + " (revision " + created.revision() + ")");
        awaitReady(drover, 2);

        int port = freePort();
        command("expose " + NAME + " --port " + port + " --type loadBalancer", "2. Expose it through the local load balancer");
        List<Endpoint> endpoints = drover.expose(NAME, ExposeSpec.loadBalancer(ExposedPort.of(port, "http")));
        out.println("service/" + NAME + " exposed");
        for (Endpoint e : endpoints) out.println("  " + e.name() + "   " + e.url() + "   (" + ExposeCommand.typeName(e.type()) + ")");
        if (endpoints.isEmpty()) throw new DemoFailure("expose returned no endpoint");
        Endpoint endpoint = endpoints.get(0);

        command("get", "3. Verify the deployment");
        ServiceStatus two = drover.status(NAME).orElseThrow(() -> new DemoFailure(NAME + " disappeared"));
        out.print(StatusTable.render(List.of(two), Instant.now()));
        check(two.ready() == 2 && two.desired() == 2, "expected 2/2 ready, got " + two.ready() + "/" + two.desired());

        command("scale " + NAME + " --replicas 3", "4. Scale to 3 instances");
        drover.scale(NAME, 3);
        out.println("service/" + NAME + " scaled to 3");
        awaitReady(drover, 3);
        command("get " + NAME, null);
        out.print(StatusTable.render(List.of(drover.status(NAME).orElseThrow()), Instant.now()));

        shell("for i in $(seq " + REQUESTS + "); do curl -s " + endpoint.url() + "/; done",
                "5. The load balancer spreads requests over the ready instances");
        List<String> answers = requests(endpoint, "version 1");
        Set<String> instances = instancesOf(answers);
        check(instances.size() >= 2, "expected answers from different instances, got only " + instances);
        out.println("# answered by " + instances.size() + " different instances: " + String.join(", ", instances));

        shell("curl -s " + endpoint.url() + "/crash", "6. Break an instance: the supervisor restarts it, the load balancer routes around it");
        String crashed = request(endpoint, "/crash");
        check(crashed != null && crashed.contains("exiting"), "the crash request was not answered: " + crashed);
        out.println(crashed);
        awaitHealed(drover);
        command("describe " + NAME, null);
        out.print(StatusDescription.render(drover.status(NAME).orElseThrow(), drover.backendName(), Instant.now()));

        ServiceSpec v2 = drover.status(NAME).map(ServiceStatus::spec).orElse(v1).toBuilder()
                .env(HelloService.VERSION_ENV, "2").replicas(3).build();
        command("apply -f " + NAME + ".yaml   # with env " + HelloService.VERSION_ENV + ": \"2\"", "7. Roll out version 2");
        ApplyResult updated = drover.apply(v2);
        out.println("service/" + NAME + " " + ApplyCommand.verb(updated.change()) + " (revision " + updated.revision() + ")");
        command("rollout status " + NAME, null);
        awaitRollout(drover, 3, updated.revision());
        shell("for i in $(seq " + REQUESTS + "); do curl -s " + endpoint.url() + "/; done", null);
        requests(endpoint, "version 2");

        command("rollout undo " + NAME, "8. Roll back to version 1");
        long back = drover.rollback(NAME);
        out.println("service/" + NAME + " rolled back (revision " + back + ")");
        command("rollout status " + NAME, null);
        awaitRollout(drover, 3, back);
        shell("for i in $(seq " + REQUESTS + "); do curl -s " + endpoint.url() + "/; done", null);
        requests(endpoint, "version 1");

        command("delete " + NAME, "9. Clean up");
        check(drover.delete(NAME), "delete found nothing to delete");
        out.println("service/" + NAME + " deleted");
        check(drover.status(NAME).isEmpty(), NAME + " still exists after delete");
        check(!answers(endpoint), "the endpoint still answers after delete");
    }

    /** The demo service at {@code version}: 2 replicas of HelloService with a readiness probe. */
    static ServiceSpec spec(int version) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ServiceSpec.builder(NAME)
                .label("app", NAME)
                .image("drover-examples/hello:" + version)
                .command(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-Xss256k",
                        "-cp", classpathOf(HelloService.class), HelloService.class.getName())
                .env(HelloService.VERSION_ENV, Integer.toString(version))
                .replicas(2)
                .port("http", 8080)
                .readiness(Probe.http("/healthz", "http").everySeconds(1).failingAfter(2))
                .update(new UpdatePolicy(2, UpdateOrder.START_FIRST, FailureAction.ROLLBACK, 10, 0))
                .build();
    }

    private void awaitReady(Drover drover, int replicas) {
        command("rollout status " + NAME, null);
        awaitRollout(drover, replicas, -1);
    }

    private void awaitRollout(Drover drover, int replicas, long revision) {
        RolloutProgress progress = new RolloutProgress(NAME, out, false);
        long deadline = System.nanoTime() + timeout.toNanos();
        ServiceStatus last = drover.awaitReady(NAME, timeout, progress);
        while (last.state() == ServiceState.READY && !reached(last, replicas, revision) && System.nanoTime() < deadline) {
            pause(200);
            last = drover.awaitReady(NAME, timeout, progress);
        }
        progress.finish();
        check(last.state() == ServiceState.READY, "the rollout ended " + last.state());
        check(reached(last, replicas, revision), "expected " + replicas + " ready instances of revision " + revision + ", got "
                + last.summary());
        out.println("service/" + NAME + " successfully rolled out: " + last.ready() + "/" + last.desired() + " ready, revision "
                + last.revision());
    }

    private static boolean reached(ServiceStatus s, int replicas, long revision) {
        return s.ready() >= replicas && s.updated() >= replicas && (revision < 0 || s.revision() == revision);
    }

    /** Waits until an instance shows the crash (a restart, exit code 3) and all three are ready again. */
    private void awaitHealed(Drover drover) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (drover.status(NAME).map(s -> s.instances().stream().noneMatch(i -> i.restarts() > 0)).orElse(true)) {
            if (System.nanoTime() > deadline) throw new DemoFailure("no instance restarted after the crash");
            pause(100);
        }
        command("rollout status " + NAME, null);
        awaitRollout(drover, 3, -1);
        ServiceStatus healed = drover.status(NAME).orElseThrow();
        check(healed.instances().stream().anyMatch(i -> i.restarts() > 0
                && Integer.valueOf(HelloService.CRASH_EXIT_CODE).equals(i.lastExitCode())), "no instance shows the restart after exit code 3");
    }

    private List<String> requests(Endpoint endpoint, String expected) {
        List<String> answers = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (answers.size() < REQUESTS) {
            String answer = get(endpoint);
            if (answer != null && answer.contains(expected)) {
                answers.add(answer);
                out.println(answer);
            } else if (System.nanoTime() > deadline) {
                throw new DemoFailure("expected an answer with '" + expected + "', got: " + answer);
            } else {
                pause(200);
            }
        }
        out.flush();
        return answers;
    }

    private static Set<String> instancesOf(List<String> answers) {
        Set<String> instances = new LinkedHashSet<>();
        for (String a : answers) {
            String rest = a.substring(a.indexOf("from ") + 5);
            instances.add(rest.substring(0, rest.indexOf(' ')));
        }
        return instances;
    }

    /** One GET / over a fresh connection (so the load balancer picks an instance for each), or null. */
    private static String get(Endpoint endpoint) {
        return request(endpoint, "/");
    }

    /** One GET of {@code path} over a fresh connection, the body, or null when it failed. */
    private static String request(Endpoint endpoint, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 2000);
            s.setSoTimeout(5000);
            OutputStream o = s.getOutputStream();
            o.write(("GET " + path + " HTTP/1.0\r\nHost: " + endpoint.address() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.") || !response.contains(" 200 ") || body < 0) return null;
            return response.substring(body + 4).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean answers(Endpoint endpoint) {
        return get(endpoint) != null;
    }

    private void command(String line, String title) {
        shell("drover " + line, title);
    }

    private void shell(String line, String title) {
        out.println();
        if (title != null) out.println("# " + title);
        out.println("$ " + line);
        out.flush();
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new DemoFailure(message);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new DemoFailure("no free port on the loopback interface: " + e.getMessage());
        }
    }

    private static String classpathOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new DemoFailure("cannot locate the classes of " + type.getName() + ": " + e.getMessage());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }

    /** A check of the demo that did not hold. */
    static final class DemoFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }
}
