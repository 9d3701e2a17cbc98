package io.drover.backend.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether a process still runs. {@link ProcessHandle#isAlive()} also answers true for a zombie (a
 * process that has exited but was not yet reaped by its parent), and a detached daemon is reaped by
 * whatever adopted it, sometimes seconds later; on Linux a zombie is told apart through
 * {@code /proc/<pid>/stat}.
 */
public final class ProcessLiveness {
    private ProcessLiveness() {}

    /** True when the process exists and has not exited. */
    public static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    /** Waits until the process no longer runs; false when it still runs after {@code timeout}. */
    public static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(pid)) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(pid);
            }
        }
        return true;
    }
}
