package io.drover.backend.swarm.fault;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.function.Function;

/**
 * A {@link DockerHttpClient} that hands every request to an interceptor, which may act before or
 * after passing it on (for instance kill the engine in the middle of a call).
 */
final class InterceptingHttpClient implements DockerHttpClient {
    /** What happens to one request: {@code next} sends it to the engine. */
    interface Interceptor {
        Response intercept(Request request, Function<Request, Response> next);
    }

    private final DockerHttpClient delegate;
    private volatile Interceptor interceptor = (request, next) -> next.apply(request);

    InterceptingHttpClient(DockerHttpClient delegate) {
        this.delegate = delegate;
    }

    /** Routes the following requests through {@code interceptor}. */
    void intercept(Interceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public Response execute(Request request) {
        return interceptor.intercept(request, delegate::execute);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
