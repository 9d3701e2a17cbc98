package io.drover.api;

/** An open watch; close it to stop receiving events. Closing is idempotent and thread-safe. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
