package io.drover.backend.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A process and its descendants, captured at one moment, so that the whole tree can be stopped:
 * SIGTERM to every member, then SIGKILL to those still alive after the stop timeout. Capturing first
 * matters: once a parent dies its children are re-parented and no longer show up as descendants.
 */
final class ProcessTree {
    private final List<ProcessHandle> members;

    private ProcessTree(List<ProcessHandle> members) {
        this.members = members;
    }

    /**
     * The tree rooted at {@code root}: root first, then its descendants, then any other member of
     * the session it leads (see {@link ProcessSessions}).
     */
    static ProcessTree of(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        if (ProcessSessions.sessionOf(root.pid()) == root.pid()) {
            for (ProcessHandle m : ProcessSessions.members(root.pid())) {
                if (all.stream().noneMatch(h -> h.pid() == m.pid())) all.add(m);
            }
        }
        return new ProcessTree(all);
    }

    /** What is left of the session a dead leader led: processes it started that outlived it. */
    static ProcessTree leftoversOf(long leader) {
        return new ProcessTree(ProcessSessions.members(leader));
    }

    /** True when nothing was captured. */
    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Every process captured. */
    List<ProcessHandle> members() {
        return members;
    }

    /**
     * Sends SIGTERM to every member and SIGKILL to survivors after {@code timeout}; the future
     * completes once every member has exited.
     */
    CompletableFuture<Void> terminate(Duration timeout, ScheduledExecutorService timer) {
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (ProcessHandle p : members) {
            if (!p.isAlive()) continue;
            exits.add(p.onExit());
            p.destroy();
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
        if (all.isDone()) return all;
        var kill = timer.schedule(this::kill, timeout.toMillis(), TimeUnit.MILLISECONDS);
        all.whenComplete((v, e) -> kill.cancel(false));
        return all;
    }

    /** Sends SIGKILL to every member still alive. */
    void kill() {
        for (ProcessHandle p : members) {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    /**
     * Stops the tree without a timer thread: SIGTERM, wait up to {@code timeout}, then SIGKILL and
     * wait a little more. Used where no executor is left (shutdown hook, orphan reaping).
     */
    void terminateAndWait(Duration timeout) {
        for (ProcessHandle p : members) {
            if (p.isAlive()) p.destroy();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : members) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                break;
            }
        }
        kill();
        for (ProcessHandle p : members) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
