package io.drover.backend.local;

import io.drover.api.ApplyResult;
import io.drover.api.Endpoint;
import io.drover.api.EventType;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.spi.support.NamespacedNames;
import io.drover.api.Watch;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.WatchListener;
import io.drover.api.error.DroverException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ServiceSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of the local backend: one actor thread owns every service's state, so process exits,
 * probe results and timers are handled one at a time, in order, without locks. Public calls hand
 * their work to the actor and wait for it. Every change is pushed to the watches that match, each
 * on its own thread, in order per service.
 */
final class LocalSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSupervisor.class);

    private final LocalConfig config;
    private final ScheduledExecutorService actor;
    private final ExecutorService blocking;
    private final HttpClient http;
    private final HttpClient https;
    private final PidFileRegistry pids;
    private final PortAllocator ports;
    private final InetAddress bindAddress;
    private final Map<String, ServiceRuntime> services = new LinkedHashMap<>();
    private final List<Registration> watches = new CopyOnWriteArrayList<>();
    private volatile Thread actorThread;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final CompletableFuture<Void> closeDone = new CompletableFuture<>();

    LocalSupervisor(LocalConfig config) {
        this.config = config;
        try {
            Files.createDirectories(config.stateDirectory());
            this.bindAddress = InetAddress.getByName(config.bindHost());
        } catch (IOException e) {
            throw LocalErrorMapper.map(e, "connect", null);
        }
        this.pids = new PidFileRegistry(config.stateDirectory(), UUID.randomUUID().toString());
        this.ports = new PortAllocator(bindAddress);
        this.actor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drover-local-supervisor");
            t.setDaemon(true);
            actorThread = t;
            return t;
        });
        AtomicInteger n = new AtomicInteger();
        this.blocking = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drover-local-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).executor(blocking)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.https = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).executor(blocking)
                .followRedirects(HttpClient.Redirect.NEVER).sslContext(ProbeTrust.probeContext()).build();
    }

    LocalConfig config() { return config; }

    /** Kills processes left behind by dead supervisors on the same state directory. */
    List<Long> reapOrphans() {
        return pids.reapOrphans(config.stopTimeout());
    }

    ApplyResult apply(ServiceSpec spec, Map<String, SecretValue> secrets) {
        String key = NamespacedNames.nativeName(spec.ref());
        return call("apply", spec.name(), () -> {
            ServiceRuntime existing = services.get(key);
            if (existing != null) return existing.apply(spec, secrets);
            ServiceRuntime created = new ServiceRuntime(key, context(key), bindAddress, this::publish);
            services.put(key, created);
            try {
                return created.apply(spec, secrets);
            } catch (RuntimeException e) {
                services.remove(key);
                created.delete();
                throw e;
            }
        });
    }

    private InstanceProcess.Context context(String service) {
        LocalLogs logs = new LocalLogs(config.stateDirectory().resolve("logs").resolve(service), config.logRingSize());
        return new InstanceProcess.Context(service, config, actor, blocking, http, https, logs, pids, ports);
    }

    Optional<ServiceStatus> status(ServiceRef ref) {
        return call("status", ref.name(), () -> Optional.ofNullable(services.get(NamespacedNames.nativeName(ref))).map(LocalStatusMapper::map));
    }

    List<ServiceStatus> list(Selector selector) {
        return call("list", null, () -> services.values().stream()
                .filter(s -> selects(selector, s))
                .map(LocalStatusMapper::map).toList());
    }

    void scale(ServiceRef ref, int replicas) {
        call("scale", ref.name(), () -> {
            require(ref, "scale").scale(replicas);
            return null;
        });
    }

    List<Endpoint> expose(ServiceRef ref, ExposeSpec expose) {
        return call("expose", ref.name(), () -> require(ref, "expose").expose(expose));
    }

    long rollback(ServiceRef ref) {
        return call("rollback", ref.name(), () -> require(ref, "rollback").rollback());
    }

    boolean delete(ServiceRef ref) {
        String key = NamespacedNames.nativeName(ref);
        CompletableFuture<Void> stopped = call("delete", ref.name(), () -> {
            ServiceRuntime s = services.remove(key);
            if (s == null) return null;
            CompletableFuture<Void> f = s.delete();
            publishDeleted(key);
            return f;
        });
        if (stopped == null) return false;
        awaitStopped(stopped, "delete", ref.name());
        return true;
    }

    Stream<LogLine> logs(ServiceRef ref, LogOptions options) {
        LocalLogs logs = call("logs", ref.name(), () -> require(ref, "logs").logs());
        return logs.read(options);
    }

    /** Whether the selector (its namespace, name and labels) selects the service. */
    private static boolean selects(Selector selector, ServiceRuntime s) {
        ServiceRef ref = NamespacedNames.parse(s.name());
        return ref.namespace().equals(selector.namespaceOr(ServiceRef.DEFAULT))
                && selector.matches(ref.name(), LocalStatusMapper.labels(s));
    }

    Watch watch(Selector selector, WatchListener listener) {
        if (closing.get()) {
            throw new io.drover.api.error.BackendUnavailableException("the local backend is closed", LocalErrorMapper.BACKEND,
                    "watch", null, null, false, null);
        }
        Registration r = new Registration(selector, listener);
        watches.add(r);
        return r;
    }

    private ServiceRuntime require(ServiceRef ref, String operation) {
        ServiceRuntime s = services.get(NamespacedNames.nativeName(ref));
        if (s == null) throw LocalErrorMapper.notFound(operation, ref.name());
        return s;
    }

    private void publish(ServiceRuntime service, EventType type, String message) {
        if (watches.isEmpty()) return;
        ServiceStatus status = LocalStatusMapper.map(service);
        ServiceEvent event = new ServiceEvent(type, status.name(), status, message, null);
        for (Registration r : watches) {
            if (selects(r.selector, service)) r.deliver(event);
        }
    }

    private void publishDeleted(String key) {
        ServiceRef ref = NamespacedNames.parse(key);
        ServiceEvent event = new ServiceEvent(EventType.DELETED, ref.name(), null, "service " + ref + " deleted", null);
        for (Registration r : watches) {
            boolean sameNamespace = ref.namespace().equals(r.selector.namespaceOr(ServiceRef.DEFAULT));
            if (sameNamespace && (r.selector.name() == null || r.selector.name().equals(ref.name()))) r.deliver(event);
        }
    }

    /** Runs {@code work} on the actor and returns its result; maps failures in one place. */
    private <T> T call(String operation, String service, Callable<T> work) {
        if (closed) {
            throw new io.drover.api.error.BackendUnavailableException("the local backend is closed", LocalErrorMapper.BACKEND,
                    operation, service, null, false, null);
        }
        try {
            if (Thread.currentThread() == actorThread) return work.call();
            Future<T> f = actor.submit(work);
            return f.get();
        } catch (ExecutionException e) {
            throw LocalErrorMapper.map(e.getCause(), operation, service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LocalErrorMapper.map(e, operation, service);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new io.drover.api.error.BackendUnavailableException("the local backend is closed", LocalErrorMapper.BACKEND,
                    operation, service, null, false, e);
        } catch (DroverException e) {
            throw e;
        } catch (Exception e) {
            throw LocalErrorMapper.map(e, operation, service);
        }
    }

    private void awaitStopped(CompletableFuture<Void> stopped, String operation, String service) {
        long waitMillis = maxStopTimeout().toMillis() + 10_000;
        try {
            stopped.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} of {}: processes still running after {} ms", operation, service, waitMillis);
        } catch (ExecutionException e) {
            throw LocalErrorMapper.map(e.getCause(), operation, service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LocalErrorMapper.map(e, operation, service);
        }
    }

    private Duration maxStopTimeout() {
        return config.stopTimeout().compareTo(Duration.ofSeconds(60)) > 0 ? config.stopTimeout() : Duration.ofSeconds(60);
    }

    /**
     * Stops every service (whole process trees, SIGTERM then SIGKILL), closes load balancers, log
     * follows and watches, and ends the threads. Idempotent; a second caller waits for the first to finish.
     */
    void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                closeDone.get(config.stopTimeout().toMillis() + 40_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            stopEverything();
        } finally {
            closeDone.complete(null);
        }
    }

    private void stopEverything() {
        List<ServiceRuntime> all;
        CompletableFuture<Void> stopped;
        try {
            List<ServiceRuntime> snapshot = new ArrayList<>();
            stopped = actor.submit(() -> {
                snapshot.addAll(services.values());
                List<CompletableFuture<Void>> fs = new ArrayList<>();
                for (ServiceRuntime s : snapshot) fs.add(s.delete());
                services.clear();
                return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new));
            }).get(30, TimeUnit.SECONDS);
            all = snapshot;
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.warn("local backend: the supervisor did not answer while closing: {}", e.toString());
            all = List.of();
            stopped = CompletableFuture.completedFuture(null);
        }
        closed = true;
        try {
            stopped.get(config.stopTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.warn("local backend: processes did not stop in time, killing them: {}", e.toString());
        }
        for (ServiceRuntime s : all) s.stopNow();
        BackendUnavailableException ended = new BackendUnavailableException("the local backend was closed, which ends its watches",
                LocalErrorMapper.BACKEND, "watch", null, null, false, null);
        for (Registration r : watches) r.fail(ended);
        watches.clear();
        actor.shutdownNow();
        blocking.shutdownNow();
        pids.endSession();
    }

    /** One watch: its selector, its listener, and the thread that calls the listener in order. */
    private final class Registration implements Watch {
        private final Selector selector;
        private final WatchListener listener;
        private final ExecutorService delivery;
        private volatile boolean open = true;

        Registration(Selector selector, WatchListener listener) {
            this.selector = selector;
            this.listener = listener;
            this.delivery = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "drover-local-watch");
                t.setDaemon(true);
                return t;
            });
        }

        void deliver(ServiceEvent event) {
            if (!open) return;
            try {
                delivery.execute(() -> {
                    if (!open) return;
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.warn("watch listener failed on {}: {}", event.name(), e.toString());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }

        /** Ends the watch after the events already queued, telling the listener why. */
        void fail(io.drover.api.error.DroverException cause) {
            if (!open) return;
            try {
                delivery.execute(() -> {
                    if (!open) return;
                    open = false;
                    try {
                        listener.onClose(cause);
                    } catch (RuntimeException e) {
                        LOG.warn("watch listener failed in onClose: {}", e.toString());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
            watches.remove(this);
            delivery.shutdown();
        }

        @Override
        public void close() {
            open = false;
            watches.remove(this);
            delivery.shutdown();
        }
    }
}
