package io.drover.backend.local;

import io.drover.api.ServiceStatus;
import io.drover.api.spec.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM that runs a {@link LocalBackend}, starts a service of process trees, prints every
 * process it started ({@code PID <n>}) and {@code READY}, then either exits normally ({@code exit})
 * or waits to be killed ({@code hang}). Used to prove that JVM exit stops everything and that a new
 * backend reaps what a killed one left behind.
 */
public final class LocalChildSupervisor {
    private LocalChildSupervisor() {}

    /** Arguments: state directory, mode (exit or hang), marker put on the processes' command line. */
    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        String mode = args[1];
        String marker = args[2];
        LocalBackend backend = new LocalBackend(TestSupport.config(state));
        backend.apply(treeSpec("child", marker, 2), Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceStatus s = backend.status(io.drover.api.ServiceRef.of("child")).orElseThrow();
            List<ProcessHandle> tree = ProcessHandle.current().descendants().toList();
            long shells = TestSupport.descendantsWith(marker).size();
            if (s.ready() == 2 && shells == 2 && tree.size() >= 6) break;
            Thread.sleep(100);
        }
        ProcessHandle.current().descendants().forEach(p -> System.out.println("PID " + p.pid()));
        System.out.println("READY");
        System.out.flush();
        if (mode.equals("exit")) System.exit(0);
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A service whose instances are a shell with two sleeping children, marked on the shell's command line. */
    static ServiceSpec treeSpec(String name, String marker, int replicas) {
        return ServiceSpec.builder(name).command("sh", "-c", "sleep 3001 & sleep 3002 & wait", marker).replicas(replicas).build();
    }
}
