package io.drover.cli.daemon;

import java.time.Instant;

/**
 * What a running daemon writes to its state file so that CLI invocations can find it: the loopback
 * port, its process id, the token every request must carry, and when it started.
 */
public record DaemonState(int port, long pid, String token, Instant startedAt) {
    @Override
    public String toString() { return "DaemonState[port=" + port + ", pid=" + pid + ", token=******]"; }
}
