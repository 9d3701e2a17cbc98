package io.drover.examples;

import io.drover.api.Drover;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ServiceSpec;
import io.drover.examples.demo.HelloService;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The smallest complete use of Drover: connect to the local backend, apply a spec that runs a
 * command, wait until it is ready, print its status and delete it. The README shows the region
 * between the quickstart tag comments (a test keeps the two the same).
 */
public final class QuickStart {
    private QuickStart() {}

    /** Runs the example; a service that does not become ready within a minute ends it with a DroverTimeoutException. */
    public static void main(String[] args) throws Exception {
        // tag::quickstart[]
        // The service: a small HTTP server shipped in this module, run as host processes.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of(HelloService.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        try (Drover drover = Drover.connect("local")) {
            ServiceSpec spec = ServiceSpec.builder("hello")
                    .command(java, "-cp", classpath, "io.drover.examples.demo.HelloService")
                    .port("http", 8080)
                    .replicas(2)
                    .readiness(Probe.http("/healthz", "http").everySeconds(1))
                    .build();
            drover.apply(spec);
            ServiceStatus status = drover.awaitReady("hello", Duration.ofMinutes(1));
            System.out.println(status.summary());
            status.instances().forEach(i -> System.out.println("  " + i.id() + " on " + i.ports().get(0).address()));
            drover.delete("hello");
        }
        // end::quickstart[]
    }
}
