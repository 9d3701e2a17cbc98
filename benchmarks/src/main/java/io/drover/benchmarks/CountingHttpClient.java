package io.drover.benchmarks;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DockerHttpClient} that counts the Engine API calls going through it and remembers their
 * method and path, so that a benchmark can tell how many calls an operation makes. Thread-safe.
 */
public final class CountingHttpClient implements DockerHttpClient {
    private final DockerHttpClient delegate;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** Counts the calls made through {@code delegate}. */
    public CountingHttpClient(DockerHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response execute(Request request) {
        calls.add(request.method() + " " + request.path());
        return delegate.execute(request);
    }

    /** The calls made since the last {@link #reset}, as "METHOD /path?query". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls counted so far. */
    public void reset() {
        calls.clear();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
