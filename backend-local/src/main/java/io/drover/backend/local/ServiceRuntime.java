package io.drover.backend.local;

import io.drover.api.ApplyResult;
import io.drover.api.Endpoint;
import io.drover.api.EventType;
import io.drover.api.SecretValue;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.spi.SpecFingerprint;
import io.drover.spi.support.ExposureRule;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The desired state of one service and the loop that makes it so: its revisions, its replica count,
 * its instances, the rolling update in progress, and its load balancers.
 *
 * <p><b>Revisions.</b> The first apply makes revision 1; every apply whose template differs (its
 * {@link SpecFingerprint} without replica count and exposure, secret values included) makes the next
 * number and rolls out. A change of replicas alone scales the current revision; a change of exposure
 * alone re-binds the load balancers. Rolling back (automatically after a failed update, or on request)
 * makes the previous revision current again under its own number, and the revision it replaced
 * becomes the previous one, so a second rollback goes forward again (like Swarm and
 * {@code kubectl rollout undo}). New templates always get a number higher than any used before.
 *
 * <p><b>Rolling updates</b> replace {@code update.parallelism} instances at a time. With
 * {@code startFirst} the new instances start before the old ones they replace stop; with
 * {@code stopFirst} after (always after when the spec pins a {@code hostPort}: two processes cannot
 * hold one port). A batch succeeds when its new instances are all ready (readiness probe if
 * any, else running and accepting connections on its first declared TCP port) within {@code monitorSeconds}; a new instance that exits or is not ready in time
 * fails the update, and {@code failureAction} decides: {@code rollback} goes back to the previous
 * revision (status ROLLED_BACK until the next apply), {@code pause} stops the rollout (ROLLOUT_STUCK),
 * {@code continue} carries on. {@code delaySeconds} separates batches.
 *
 * <p>Confined to the supervisor's actor thread.
 */
final class ServiceRuntime implements InstanceProcess.Listener {

    /** Told about every change of the service, on the actor thread, in order. */
    interface Events {
        void serviceChanged(ServiceRuntime service, EventType type, String message);
    }

    /** How many revisions are remembered (besides the current and the previous one). */
    private static final int KEPT_REVISIONS = 10;

    private final String name;
    private final InstanceProcess.Context ctx;
    private final Events events;
    private final InetAddress bindAddress;
    private final Map<Long, Revision> revisions = new LinkedHashMap<>();
    private final List<InstanceProcess> instances = new ArrayList<>();
    private final Map<Integer, LocalLoadBalancer> balancers = new LinkedHashMap<>();
    private Revision current;
    private Revision previous;
    private long highestRevision;
    private int replicas;
    private ExposeSpec exposure = ExposeSpec.NONE;
    private Rollout rollout;
    private boolean rolledBack;
    private String rolledBackMessage;
    private String stuckMessage;
    private boolean deleted;
    private boolean reconciling;

    ServiceRuntime(String name, InstanceProcess.Context ctx, InetAddress bindAddress, Events events) {
        this.name = name;
        this.ctx = ctx;
        this.bindAddress = bindAddress;
        this.events = events;
    }

    String name() { return name; }

    Revision current() { return current; }

    int replicas() { return replicas; }

    ExposeSpec exposure() { return exposure; }

    boolean rolledBack() { return rolledBack; }

    String rolledBackMessage() { return rolledBackMessage; }

    String stuckMessage() { return stuckMessage; }

    boolean rolloutInProgress() { return rollout != null && stuckMessage == null; }

    LocalLogs logs() { return ctx.logs(); }

    /** Every instance not yet forgotten, oldest first. */
    List<InstanceProcess> instances() { return List.copyOf(instances); }

    /** The spec as applied, with the current replica count and exposure. */
    ServiceSpec appliedSpec() {
        return current.template().toBuilder().replicas(replicas).expose(exposure).build();
    }

    /** The fingerprint that defines a revision: the template without replicas and exposure, plus secret fingerprints. */
    static String fingerprint(ServiceSpec spec, Map<String, SecretValue> secrets) {
        return SpecFingerprint.of(spec.toBuilder().expose(ExposeSpec.NONE).build(), secrets);
    }

    /**
     * Creates or updates the service. Exposure is bound first, so a taken port fails the apply before
     * anything else changes.
     */
    ApplyResult apply(ServiceSpec spec, Map<String, SecretValue> secrets) {
        checkPinnedPorts(spec);
        String fp = fingerprint(spec, secrets);
        // ExposureRule: a spec without expose keeps the current exposure
        ExposeSpec wanted = ExposureRule.resolve(spec, exposure).expose();
        boolean exposureChanges = !wanted.equals(exposure);
        if (current == null) {
            bind(wanted, "apply");
            current = newRevision(spec, secrets, fp);
            replicas = spec.replicas();
            emit(EventType.ADDED, "service " + name + " created at revision 1");
            reconcile();
            return ApplyResult.of(spec.name(), current.number(), ApplyResult.Change.CREATED);
        }
        if (fp.equals(current.fingerprint())) {
            if (exposureChanges) bind(wanted, "apply");
            ApplyResult.Change change = exposureChanges ? ApplyResult.Change.UPDATED
                    : spec.replicas() != replicas ? ApplyResult.Change.SCALED : ApplyResult.Change.UNCHANGED;
            if (change == ApplyResult.Change.UNCHANGED) return ApplyResult.of(spec.name(), current.number(), change);
            int before = replicas;
            replicas = spec.replicas();
            current = new Revision(current.number(), spec, current.secrets(), current.fingerprint());
            revisions.put(current.number(), current);
            emit(EventType.MODIFIED, exposureChanges ? "exposure of " + name + " changed" : "scaled " + name + " from " + before + " to " + replicas);
            reconcile();
            return ApplyResult.of(spec.name(), current.number(), change);
        }
        if (exposureChanges) bind(wanted, "apply");
        Revision from = current;
        previous = current;
        current = newRevision(spec, secrets, fp);
        replicas = spec.replicas();
        rolledBack = false;
        rolledBackMessage = null;
        stuckMessage = null;
        UpdatePolicy u = spec.update();
        rollout = new Rollout(from.number(), current.number(), u.failureAction(), false);
        emit(EventType.MODIFIED, "updating " + name + " from revision " + from.number() + " to " + current.number());
        reconcile();
        return ApplyResult.of(spec.name(), current.number(), ApplyResult.Change.UPDATED);
    }

    /** Refuses pinned host ports that another process holds (ports this service's instances hold are fine). */
    private void checkPinnedPorts(ServiceSpec spec) {
        java.util.Set<Integer> ours = new java.util.HashSet<>();
        for (InstanceProcess i : instances) i.status().ports().forEach(b -> ours.add(b.hostPort()));
        for (PortSpec p : spec.ports()) {
            if (p.hostPort() != null && !ours.contains(p.hostPort()) && !ctx.ports().isFree(p.hostPort())) {
                throw LocalErrorMapper.portInUse("pinned by spec.ports[" + spec.ports().indexOf(p) + "].hostPort of service " + name,
                        ctx.config().bindHost(), p.hostPort(), "apply", name, null);
            }
        }
    }

    private Revision newRevision(ServiceSpec spec, Map<String, SecretValue> secrets, String fp) {
        Revision r = new Revision(++highestRevision, spec, secrets, fp);
        revisions.put(r.number(), r);
        revisions.keySet().removeIf(n -> n <= highestRevision - KEPT_REVISIONS && (current == null || n != current.number())
                && (previous == null || n != previous.number()));
        return r;
    }

    /** Sets the desired replica count of the current revision. */
    void scale(int n) {
        if (n == replicas) return;
        int before = replicas;
        replicas = n;
        emit(EventType.MODIFIED, "scaled " + name + " from " + before + " to " + n);
        reconcile();
    }

    /** Replaces the exposure; throws ConflictException (nothing changed) when a port is taken. */
    List<Endpoint> expose(ExposeSpec e) {
        if (!e.equals(exposure)) {
            bind(e, "expose");
            emit(EventType.MODIFIED, e.isExposed() ? "exposed " + name + " on " + endpoints().stream().map(Endpoint::address).toList()
                    : "exposure of " + name + " removed");
        }
        return endpoints();
    }

    /** Goes back to the previous revision and returns its number. */
    long rollback() {
        if (previous == null) throw LocalErrorMapper.noPreviousRevision(name, current.number());
        Revision from = current;
        current = previous;
        previous = from;
        rolledBack = false;
        rolledBackMessage = null;
        stuckMessage = null;
        rollout = new Rollout(from.number(), current.number(), FailureAction.CONTINUE, true);
        emit(EventType.MODIFIED, "rolling back " + name + " from revision " + from.number() + " to " + current.number());
        reconcile();
        return current.number();
    }

    /** Stops everything: instances (whole process trees), load balancers and log follows. */
    CompletableFuture<Void> delete() {
        deleted = true;
        rollout = null;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (InstanceProcess i : instances) stops.add(i.stop("service deleted"));
        balancers.values().forEach(LocalLoadBalancer::close);
        balancers.clear();
        ctx.logs().close();
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).thenRun(ctx.logs()::deleteFiles);
    }

    /** Kills what is left synchronously (JVM shutdown when the actor is gone). */
    void stopNow() {
        for (InstanceProcess i : List.copyOf(instances)) i.stopNow();
        balancers.values().forEach(LocalLoadBalancer::close);
    }

    /** The reachable endpoints, one per load balancer. */
    List<Endpoint> endpoints() {
        List<Endpoint> list = new ArrayList<>();
        for (ExposedPort p : exposure.ports()) {
            LocalLoadBalancer lb = balancers.get(listenPort(exposure, p));
            if (lb == null) continue;
            PortSpec declared = current == null ? null : current.template().port(p.targetPort()).orElse(null);
            list.add(new Endpoint(p.targetPort(), ctx.config().bindHost(), lb.port(),
                    declared == null ? io.drover.api.spec.Protocol.TCP : declared.protocol(), exposure.type()));
        }
        return list;
    }

    private static int listenPort(ExposeSpec e, ExposedPort p) {
        return e.type() == ExposeType.NODE_PORT && p.nodePort() != null ? p.nodePort() : p.port();
    }

    /** Binds the load balancers {@code e} needs, reusing those on the same ports; all or nothing. */
    private void bind(ExposeSpec e, String operation) {
        Map<Integer, LocalLoadBalancer> next = new LinkedHashMap<>();
        List<LocalLoadBalancer> opened = new ArrayList<>();
        for (ExposedPort p : e.isExposed() ? e.ports() : List.<ExposedPort>of()) {
            int port = listenPort(e, p);
            LocalLoadBalancer existing = balancers.get(port);
            if (existing != null) {
                next.put(port, existing);
                continue;
            }
            try {
                LocalLoadBalancer lb = LocalLoadBalancer.open(name, bindAddress, port, p.targetPort());
                opened.add(lb);
                next.put(port, lb);
            } catch (IOException ex) {
                opened.forEach(LocalLoadBalancer::close);
                throw LocalErrorMapper.portInUse("exposed port " + port + " of service " + name, ctx.config().bindHost(), port,
                        operation, name, ex);
            }
        }
        for (ExposedPort p : e.isExposed() ? e.ports() : List.<ExposedPort>of()) next.get(listenPort(e, p)).retarget(p.targetPort());
        for (Map.Entry<Integer, LocalLoadBalancer> old : balancers.entrySet()) {
            if (next.get(old.getKey()) != old.getValue()) old.getValue().close();
        }
        balancers.clear();
        balancers.putAll(next);
        exposure = e;
        updateTargets();
    }

    private void updateTargets() {
        for (LocalLoadBalancer lb : balancers.values()) {
            List<InetSocketAddress> ready = new ArrayList<>();
            for (InstanceProcess i : instances) {
                if (!i.ready() || !i.active()) continue;
                Integer port = i.hostPort(lb.targetPort());
                if (port != null) ready.add(new InetSocketAddress(bindAddress, port));
            }
            lb.targets(ready);
        }
    }

    @Override
    public void instanceChanged(InstanceProcess instance, String event) {
        ctx.actor().execute(() -> {
            if (deleted) return;
            updateTargets();
            emit(EventType.MODIFIED, event);
            reconcile();
        });
    }

    private void emit(EventType type, String message) {
        events.serviceChanged(this, type, message);
    }

    /** Compares desired with actual and acts: starts, stops, advances or fails the rollout. */
    void reconcile() {
        if (deleted || reconciling) return;
        reconciling = true;
        try {
            for (int guard = 0; guard < 16 && step(); guard++) {
                // each step changes something; repeat until nothing is left to do now
            }
            updateTargets();
        } finally {
            reconciling = false;
        }
    }

    /** One reconcile step; true when it changed something and another step may follow. */
    private boolean step() {
        instances.removeIf(InstanceProcess::gone);
        List<InstanceProcess> cur = active(true);
        List<InstanceProcess> old = active(false);
        if (rollout != null) {
            Rollout.Batch batch = rollout.batch;
            if (batch != null && batch.started.isEmpty()) {
                if (batch.stopping.stream().anyMatch(i -> !i.gone())) return false;
                batch.stopping.clear();
                startBatch(batch);
                return true;
            }
            if (batch != null) {
                InstanceProcess crashed = batch.started.stream()
                        .filter(i -> i.consecutiveCrashes() > 0 || i.exhausted() || i.state() == io.drover.api.InstanceState.FAILED)
                        .findFirst().orElse(null);
                boolean allReady = batch.started.stream().allMatch(InstanceProcess::ready);
                if (crashed != null && rollout.onFailure != FailureAction.CONTINUE) {
                    return fail("instance " + crashed.id() + " of revision " + rollout.to + " failed: " + crashed.status().message());
                }
                if (allReady || crashed != null) {
                    batch.replacing.forEach(i -> i.stop("replaced by revision " + rollout.to));
                    rollout.batch = null;
                    int delay = current.template().update().delaySeconds();
                    if (delay > 0) {
                        rollout.delayUntilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(delay);
                        schedule(TimeUnit.SECONDS.toMillis(delay));
                    }
                    return true;
                }
                if (System.nanoTime() - batch.deadlineNanos >= 0) {
                    if (rollout.onFailure == FailureAction.CONTINUE) {
                        batch.replacing.forEach(i -> i.stop("replaced by revision " + rollout.to));
                        rollout.batch = null;
                        return true;
                    }
                    InstanceProcess late = batch.started.stream().filter(i -> !i.ready()).findFirst().orElseThrow();
                    return fail("instance " + late.id() + " of revision " + rollout.to + " was not ready within "
                            + current.template().update().monitorSeconds() + " s: " + late.status().message());
                }
                return false;
            }
            if (stuckMessage != null) return false;
            if (rollout.delayUntilNanos != 0 && System.nanoTime() - rollout.delayUntilNanos < 0) return false;
            if (old.isEmpty()) {
                Rollout done = rollout;
                rollout = null;
                emit(EventType.MODIFIED, (done.isRollback ? "rollback of " : "rollout of ") + name + " to revision " + done.to + " complete");
                return true;
            }
            int excess = cur.size() + old.size() - replicas;
            if (excess > 0) {
                preferStopping(old).stream().limit(excess).forEach(i -> i.stop("scaled down during the rollout"));
                return true;
            }
            int k = Math.min(Math.max(1, current.template().update().parallelism()), old.size());
            List<InstanceProcess> replaced = preferStopping(old).subList(0, k);
            Rollout.Batch next = new Rollout.Batch(k);
            rollout.batch = next;
            boolean pinsPorts = current.template().ports().stream().anyMatch(p -> p.hostPort() != null);
            if (current.template().update().order() == UpdateOrder.STOP_FIRST || pinsPorts) {
                replaced.forEach(i -> i.stop("replaced by revision " + rollout.to));
                next.stopping.addAll(replaced);
                return true;
            }
            next.replacing.addAll(replaced);
            startBatch(next);
            return true;
        }
        if (!old.isEmpty()) {
            old.forEach(i -> i.stop("not of the current revision"));
            return true;
        }
        if (cur.size() < replicas) {
            for (int n = cur.size(); n < replicas; n++) startInstance();
            return true;
        }
        if (cur.size() > replicas) {
            preferStopping(cur).stream().limit(cur.size() - replicas).forEach(i -> i.stop("scaled down"));
            return true;
        }
        return false;
    }

    private void startBatch(Rollout.Batch batch) {
        int monitor = current.template().update().monitorSeconds();
        for (int n = 0; n < batch.size; n++) batch.started.add(startInstance());
        batch.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(monitor);
        schedule(TimeUnit.SECONDS.toMillis(monitor) + 50);
    }

    private boolean fail(String reason) {
        Rollout failed = rollout;
        if (failed.onFailure == FailureAction.ROLLBACK && !failed.isRollback && revisions.containsKey(failed.from)) {
            Revision bad = current;
            current = revisions.get(failed.from);
            previous = bad;
            rolledBack = true;
            rolledBackMessage = "update of " + name + " to revision " + bad.number() + " failed (" + reason
                    + ") and was rolled back to revision " + current.number();
            rollout = new Rollout(bad.number(), current.number(), FailureAction.CONTINUE, true);
            emit(EventType.MODIFIED, rolledBackMessage);
            return true;
        }
        rollout.batch = null;
        stuckMessage = "update of " + name + " to revision " + failed.to + " paused: " + reason;
        emit(EventType.MODIFIED, stuckMessage);
        return false;
    }

    private InstanceProcess startInstance() {
        String id;
        do {
            id = name + "-" + current.number() + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36, 36 * 36 * 36 * 36 * 36), 36);
        } while (exists(id));
        InstanceProcess i = new InstanceProcess(id, current, ctx, this);
        instances.add(i);
        i.start();
        return i;
    }

    private boolean exists(String id) {
        return instances.stream().anyMatch(i -> i.id().equals(id));
    }

    private List<InstanceProcess> active(boolean ofCurrent) {
        return instances.stream().filter(InstanceProcess::counted)
                .filter(i -> (i.revision() == current.number()) == ofCurrent).toList();
    }

    /** Not-ready instances first, then the newest: the ones to stop first. */
    private static List<InstanceProcess> preferStopping(List<InstanceProcess> list) {
        List<InstanceProcess> sorted = new ArrayList<>(list);
        java.util.Collections.reverse(sorted);
        sorted.sort(Comparator.comparing(InstanceProcess::ready));
        return sorted;
    }

    private void schedule(long delayMillis) {
        ctx.actor().schedule(this::reconcile, delayMillis, TimeUnit.MILLISECONDS);
    }
}
