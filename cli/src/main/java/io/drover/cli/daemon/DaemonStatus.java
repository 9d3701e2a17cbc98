package io.drover.cli.daemon;

import java.time.Instant;

/** What {@code drover local status} shows about the running daemon. */
public record DaemonStatus(long pid, int port, Instant startedAt, String home, String backend, int services) {}
