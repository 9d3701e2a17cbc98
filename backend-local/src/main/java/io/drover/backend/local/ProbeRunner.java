package io.drover.backend.local;

import io.drover.api.spec.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one probe of one instance for real, with Kubernetes timing: the first check after
 * {@code initialDelaySeconds}, then one every {@code periodSeconds} (measured from the start of
 * the previous check); a check slower than {@code timeoutSeconds} fails; {@code failureThreshold}
 * failures in a row make the probe fail, {@code successThreshold} successes in a row make it pass.
 * HTTP checks are a GET through {@code java.net.http} (2xx and 3xx pass), TCP checks a connect, exec
 * checks a host command run with the instance's environment (exit 0 passes).
 *
 * <p>Checks run off the supervisor thread; results and transitions are handed to {@code actor}, so
 * the owner sees them on its own thread. Not thread-safe otherwise: call it from the actor.
 */
final class ProbeRunner {
    /** Which probe this is. */
    enum Kind {
        READINESS("readiness"), LIVENESS("liveness"), STARTUP("startup");

        final String word;

        Kind(String word) { this.word = word; }
    }

    /** Told on the actor thread when the probe's verdict changes or a check fails. */
    interface Listener {
        void onProbe(ProbeRunner probe, boolean verdictChanged);
    }

    private final Kind kind;
    private final Probe probe;
    private final String host;
    private final Integer targetPort;
    private final Map<String, String> env;
    private final Path workingDirectory;
    private final ScheduledExecutorService actor;
    private final Executor blocking;
    private final HttpClient http;
    private final Listener listener;

    private boolean running;
    private boolean passing;
    private int successes;
    private int failures;
    private String lastFailure;
    private ScheduledFuture<?> next;
    private long periodMillis;

    /**
     * @param targetPort the probe's target as a host port (already remapped), or null for exec probes
     */
    ProbeRunner(Kind kind, Probe probe, String host, Integer targetPort, Map<String, String> env, Path workingDirectory,
            ScheduledExecutorService actor, Executor blocking, HttpClient http, Listener listener) {
        this.kind = kind;
        this.probe = probe;
        this.host = host;
        this.targetPort = targetPort;
        this.env = env;
        this.workingDirectory = workingDirectory;
        this.actor = actor;
        this.blocking = blocking;
        this.http = http;
        this.listener = listener;
        this.passing = kind == Kind.LIVENESS;
        this.periodMillis = probe.periodSeconds() * 1000L;
    }

    /** This runner, checking every {@code millis} instead of the probe's whole seconds (for implicit checks). */
    ProbeRunner everyMillis(long millis) {
        this.periodMillis = millis;
        return this;
    }

    Kind kind() { return kind; }

    /** Whether the probe currently passes (liveness starts passing, the others start failing). */
    boolean passing() { return passing; }

    /** True when the last {@code failureThreshold} checks failed. */
    boolean failing() { return failures >= probe.failureThreshold(); }

    /** Failed checks in a row. */
    int failures() { return failures; }

    /** What the last failed check said, or null. */
    String lastFailure() { return lastFailure; }

    /** What this probe checks, e.g. {@code HTTP GET http://127.0.0.1:4711/health}. */
    String describe() {
        return switch (probe.kind()) {
            case HTTP -> "HTTP GET " + url();
            case TCP -> "TCP connect " + host + ":" + targetPort;
            case EXEC -> "exec " + String.join(" ", probe.exec().command());
        };
    }

    /** Starts checking after the initial delay. */
    void start() {
        running = true;
        schedule(Duration.ofSeconds(probe.initialDelaySeconds()).toMillis());
    }

    /** Stops checking; pending results are ignored. */
    void stop() {
        running = false;
        if (next != null) next.cancel(false);
    }

    private void schedule(long delayMillis) {
        if (!running) return;
        next = actor.schedule(this::check, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (!running) return;
        long started = System.nanoTime();
        CompletableFuture<String> result;
        try {
            result = runCheck();
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(e.toString());
        }
        result.orTimeout(probe.timeoutSeconds() * 1000L + 500, TimeUnit.MILLISECONDS)
                .handle((failure, error) -> error != null ? "timed out or failed: " + rootMessage(error) : failure)
                .thenAcceptAsync(failure -> {
                    if (!running) return;
                    record(failure);
                    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    schedule(periodMillis - elapsed);
                }, actor);
    }

    private void record(String failure) {
        boolean before = passing;
        if (failure == null) {
            successes++;
            failures = 0;
            if (successes >= probe.successThreshold()) passing = true;
        } else {
            failures++;
            successes = 0;
            lastFailure = failure;
            if (failures >= probe.failureThreshold()) passing = false;
        }
        listener.onProbe(this, before != passing || (failure != null && failures == probe.failureThreshold()));
    }

    /** Completes with null on success or a message saying why the check failed. */
    private CompletableFuture<String> runCheck() {
        Duration timeout = Duration.ofSeconds(probe.timeoutSeconds());
        return switch (probe.kind()) {
            case HTTP -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url())).timeout(timeout).GET().build();
                yield http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .handle((r, e) -> {
                            if (e != null) return describe() + " failed: " + rootMessage(e);
                            return r.statusCode() >= 200 && r.statusCode() < 400 ? null
                                    : describe() + " returned " + r.statusCode();
                        });
            }
            case TCP -> CompletableFuture.supplyAsync(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, targetPort), (int) timeout.toMillis());
                    return null;
                } catch (IOException e) {
                    return describe() + " failed: " + rootMessage(e);
                }
            }, blocking);
            case EXEC -> CompletableFuture.supplyAsync(() -> exec(timeout), blocking);
        };
    }

    private String exec(Duration timeout) {
        List<String> command = probe.exec().command();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (workingDirectory != null) pb.directory(workingDirectory.toFile());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.of(p.toHandle()).kill();
                return describe() + " timed out after " + timeout.toSeconds() + " s";
            }
            return p.exitValue() == 0 ? null : describe() + " exited with " + p.exitValue();
        } catch (IOException e) {
            return describe() + " could not start: " + rootMessage(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return describe() + " interrupted";
        }
    }

    private String url() {
        String path = probe.http().path().startsWith("/") ? probe.http().path() : "/" + probe.http().path();
        String h = host.contains(":") ? "[" + host + "]" : host;
        return probe.http().scheme().toLowerCase() + "://" + h + ":" + targetPort + path;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
