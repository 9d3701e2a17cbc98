package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.DroverException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pruning a service's old Docker secrets: only the engine's "in use" answer (HTTP 400, swarmkit's
 * InvalidArgument, as a real engine answers {@code DELETE /secrets/ID} for a referenced secret) means
 * "keep it for now"; any other refusal reaches {@link SwarmErrorMapper}.
 */
class SwarmSecretsPruneTest {
    static final String LIST = "[{\"ID\":\"old1\",\"Spec\":{\"Name\":\"web-db-1111\"}},"
            + "{\"ID\":\"old2\",\"Spec\":{\"Name\":\"web-db-2222\"}},{\"ID\":\"cur\",\"Spec\":{\"Name\":\"web-db-3333\"}}]";
    static final String IN_USE = "{\"message\":\"rpc error: code = InvalidArgument desc = secret 'web-db-1111' is in use by the following service: web\"}";

    @Test
    void aSecretStillInUseIsKeptAndTheOthersAreRemoved() {
        Engine engine = new Engine(Map.of("old1", new Answer(400, IN_USE), "old2", new Answer(204, "")));
        new SwarmSecrets(engine.api()).prune("web", Set.of("web-db-3333"));
        assertThat(engine.deleted).containsExactly("old1", "old2");
    }

    @Test
    void anEngineFailureIsNotTakenForInUseAndMapsToItsOwnError() {
        Engine engine = new Engine(Map.of("old1", new Answer(503, "{\"message\":\"This node is not a swarm manager.\"}")));
        Throwable e = catchThrowable(() -> new SwarmSecrets(engine.api()).prune("web", Set.of("web-db-3333")));
        assertThat(e).isInstanceOf(DockerException.class);
        DroverException mapped = new SwarmErrorMapper("unix:///var/run/docker.sock").map(e, "apply", "web");
        assertThat(mapped).isInstanceOf(BackendUnavailableException.class);
        assertThat(mapped.detail()).contains("not a swarm manager");
        assertThat(engine.deleted).containsExactly("old1");
    }

    @Test
    void anotherBadRequestIsNotTakenForInUse() {
        Engine engine = new Engine(Map.of("old1", new Answer(400, "{\"message\":\"invalid secret id\"}")));
        assertThat(catchThrowable(() -> new SwarmSecrets(engine.api()).prune("web", Set.of())))
                .isInstanceOf(DockerException.class).hasMessageContaining("invalid secret id");
    }

    record Answer(int status, String body) {}

    /** An engine that lists three secrets of service web and answers each DELETE as told. */
    static final class Engine implements DockerHttpClient {
        final Map<String, Answer> deletes;
        final List<String> deleted = new ArrayList<>();

        Engine(Map<String, Answer> deletes) {
            this.deletes = deletes;
        }

        EngineApi api() {
            return new EngineApi(this, SwarmJson.NATIVE);
        }

        @Override
        public Response execute(Request request) {
            String path = request.path();
            if (request.method().equals("GET") && path.startsWith("/" + EngineApi.VERSION + "/secrets")) return response(200, LIST);
            String prefix = "/" + EngineApi.VERSION + "/secrets/";
            if (request.method().equals("DELETE") && path.startsWith(prefix)) {
                String id = path.substring(prefix.length());
                deleted.add(id);
                Answer a = deletes.getOrDefault(id, new Answer(204, ""));
                return response(a.status(), a.body());
            }
            return response(500, "{\"message\":\"unexpected " + request.method() + " " + path + "\"}");
        }

        @Override
        public void close() {}

        private static Response response(int status, String body) {
            return new Response() {
                @Override
                public int getStatusCode() { return status; }

                @Override
                public Map<String, List<String>> getHeaders() { return Map.of("Content-Type", List.of("application/json")); }

                @Override
                public InputStream getBody() { return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)); }

                @Override
                public void close() {}
            };
        }
    }
}
