package io.drover.cli.daemon;

import io.drover.backend.local.LocalBackend;
import io.drover.backend.local.LocalConfig;
import io.drover.spi.Backend;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local supervisor daemon: hosts the local backend so that its services, probes, healing and
 * load balancer outlive each CLI invocation, and serves it to {@link DaemonBackend} through a
 * {@link DaemonServer} on 127.0.0.1.
 *
 * <p>Started by {@link DaemonLauncher} as {@code java -cp ... io.drover.cli.daemon.DaemonMain <home>}.
 * It holds {@code daemon.lock} for its life (a second daemon for the same home exits at once),
 * picks a fresh random token, writes port, pid and token to the 0600 state file, and on
 * {@code POST /v1/shutdown} or SIGTERM stops every service, removes the state file and exits.
 */
public final class DaemonMain {
    private DaemonMain() {}

    /** Runs the daemon for the state directory given as the only argument (default: $DROVER_HOME or ~/.drover). */
    public static void main(String[] args) throws IOException, InterruptedException {
        DaemonHome home = args.length > 0 ? new DaemonHome(Path.of(args[0])) : DaemonHome.fromEnvironment(System.getenv());
        home.ensure();
        try (FileChannel ch = FileChannel.open(home.daemonLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock()) {
            if (lock == null) {
                System.err.println(Instant.now() + " another drover daemon already serves " + home + "; exiting");
                System.exit(3);
                return;
            }
            run(home);
        }
        System.exit(0);
    }

    private static void run(DaemonHome home) throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        Backend backend = localBackend(home);
        String token = newToken();
        CountDownLatch stop = new CountDownLatch(1);
        DaemonServer server = new DaemonServer(backend, token, home.toString(), Duration.ofSeconds(5), stop::countDown);
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (!stopped.compareAndSet(false, true)) return;
            System.err.println(Instant.now() + " drover daemon " + pid + " stopping its services");
            home.deleteState(pid);
            server.close();
            backend.close();
            System.err.println(Instant.now() + " drover daemon " + pid + " stopped");
        };
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "drover-daemon-stop"));
        int port = server.start();
        home.writeState(new DaemonState(port, pid, token, Instant.now()));
        System.err.println(Instant.now() + " drover daemon " + pid + " serves the " + backend.name() + " backend on 127.0.0.1:" + port);
        stop.await();
        shutdown.run();
    }

    /**
     * The local backend on {@code <home>/local}, otherwise configured by the {@code DROVER_LOCAL_*}
     * environment ({@link LocalConfig#fromEnvironment}): creating it reaps the processes a dead
     * earlier daemon of this home left behind ({@link LocalBackend#reapOrphans()}).
     */
    static LocalBackend localBackend(DaemonHome home) {
        return new LocalBackend(LocalConfig.fromEnvironment(System.getenv()).toBuilder()
                .stateDirectory(home.dir().resolve("local")).build());
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
