package io.drover.cli.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A streamed response of newline-delimited JSON (one value a line, sent as HTTP chunks). A blank
 * heartbeat line goes out at a fixed period so that a client that went away is noticed even when
 * nothing else is written: then {@code onBroken} runs once (it closes the log stream or watch that
 * feeds this response). Thread-safe.
 */
final class NdjsonStream implements AutoCloseable {
    private final OutputStream out;
    private final Runnable onBroken;
    private final ScheduledFuture<?> heartbeat;
    private boolean broken;
    private boolean closed;

    NdjsonStream(OutputStream out, ScheduledExecutorService scheduler, Duration heartbeatPeriod, Runnable onBroken) {
        this.out = out;
        this.onBroken = onBroken;
        long ms = heartbeatPeriod.toMillis();
        this.heartbeat = scheduler.scheduleAtFixedRate(() -> writeRaw(new byte[] {'\n'}), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Writes one value as a line; false once the client is gone. */
    boolean write(Object value) {
        return writeRaw((WireFormat.toJson(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** True once a write failed (the client disconnected). */
    synchronized boolean isBroken() { return broken; }

    private boolean writeRaw(byte[] bytes) {
        boolean notify;
        synchronized (this) {
            if (broken || closed) return false;
            try {
                out.write(bytes);
                out.flush();
                return true;
            } catch (IOException e) {
                broken = true;
                notify = true;
            }
        }
        if (notify) {
            heartbeat.cancel(false);
            onBroken.run();
        }
        return false;
    }

    /** Stops the heartbeat and ends the response. */
    @Override
    public void close() {
        heartbeat.cancel(false);
        synchronized (this) {
            if (closed) return;
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                broken = true;
            }
        }
    }
}
