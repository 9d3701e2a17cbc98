package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.DroverException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Every docker-java failure becomes the right Drover exception, with the engine's own words. */
class SwarmErrorMapperTest {
    private final SwarmErrorMapper mapper = new SwarmErrorMapper("unix:///var/run/docker.sock");

    @Test
    void connectionRefusedIsARetryableUnavailableBackend() {
        DroverException e = mapper.map(new RuntimeException(new ConnectException("Connection refused")), "apply", "web");
        assertThat(e).isInstanceOf(BackendUnavailableException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("cannot reach the Docker engine at unix:///var/run/docker.sock").contains("Connection refused");
        assertThat(mapper.map(new UncheckedIOException(new java.io.IOException("reset")), "status", "web"))
                .isInstanceOf(BackendUnavailableException.class).matches(DroverException::isRetryable);
    }

    @Test
    void updateOutOfSequenceIsARetryableConflict() {
        DroverException e = mapper.map(new InternalServerErrorException("Status 500: {\"message\":\"rpc error: code = Unknown desc = update out of sequence\"}\n"), "apply", "web");
        assertThat(e).isInstanceOf(io.drover.api.error.ConflictException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.detail()).contains("update out of sequence");
    }

    @Test
    void otherServerErrorsAreRetryableUnavailability() {
        DroverException e = mapper.map(new InternalServerErrorException("Status 500: {\"message\":\"boom\"}"), "list", null);
        assertThat(e).isInstanceOf(BackendUnavailableException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.detail()).contains("boom").doesNotContain("Status 500");
    }

    @Test
    void aMissingServiceIsServiceNotFound() {
        DroverException e = mapper.map(new NotFoundException("Status 404: {\"message\":\"service web not found\"}"), "scale", "web");
        assertThat(e).isInstanceOf(ServiceNotFoundException.class);
        assertThat(e.service()).isEqualTo("web");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aMissingSecretIsAnInvalidSpecNamingTheSecrets() {
        DroverException e = mapper.map(new NotFoundException("Status 404: {\"message\":\"secret db not found\"}"), "apply", "web");
        assertThat(e).isInstanceOf(InvalidSpecException.class);
        assertThat(((InvalidSpecException) e).violations()).singleElement()
                .satisfies(v -> {
                    assertThat(v.path()).isEqualTo("spec.secrets");
                    assertThat(v.message()).contains("secret db not found");
                });
    }

    @Test
    void aPortInUseIsANonRetryableConflict() {
        DroverException e = mapper.map(new BadRequestException("Status 400: {\"message\":\"port '8080' is already in use by service 'x'\"}"), "apply", "web");
        assertThat(e).isInstanceOf(io.drover.api.error.ConflictException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.detail()).contains("already in use");
    }

    @Test
    void otherBadRequestsAreInvalidSpecsWithTheEnginesMessage() {
        DroverException e = mapper.map(new BadRequestException("Status 400: {\"message\":\"invalid mount config\"}"), "apply", "web");
        assertThat(e).isInstanceOf(InvalidSpecException.class);
        assertThat(e.getMessage()).contains("invalid mount config");
    }

    @Test
    void aNameConflictIsARetryableConflict() {
        DroverException e = mapper.map(new ConflictException("Status 409: {\"message\":\"name conflicts with an existing object\"}"), "apply", "web");
        assertThat(e).isInstanceOf(io.drover.api.error.ConflictException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(409);
    }

    @Test
    void anEngineThatIsNoManagerSaysSo() {
        DroverException e = mapper.map(new DockerException("Status 503: {\"message\":\"This node is not a swarm manager. Use \\\"docker swarm init\\\" or \\\"docker swarm join\\\" to connect this node to swarm and try again.\"}", 503), "list", null);
        assertThat(e).isInstanceOf(BackendUnavailableException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.detail()).contains("is not a swarm manager").contains("docker swarm init");
    }

    @Test
    void refusedCredentialsAreNotRetried() {
        DroverException e = mapper.map(new UnauthorizedException("Status 401: unauthorized"), "info", null);
        assertThat(e).isInstanceOf(BackendUnavailableException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(401);
    }

    @Test
    void tooManyRequestsAreRetried() {
        assertThat(mapper.map(new DockerException("Status 429: slow down", 429), "list", null).isRetryable()).isTrue();
    }

    @Test
    void clientSideFailuresAreUnavailabilityWithoutRetry() {
        DroverException e = mapper.map(new DockerClientException("bad certificate path"), "info", null);
        assertThat(e).isInstanceOf(BackendUnavailableException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("bad certificate path");
    }

    @Test
    void droverExceptionsPassThrough() {
        ServiceNotFoundException original = new ServiceNotFoundException("swarm", "scale", "web");
        assertThat(mapper.map(original, "scale", "web")).isSameAs(original);
    }
}
