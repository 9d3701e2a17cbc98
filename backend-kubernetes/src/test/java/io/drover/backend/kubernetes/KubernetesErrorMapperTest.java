package io.drover.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Each kind of API server answer becomes the Drover exception the SPI contract names. */
class KubernetesErrorMapperTest {
    private final KubernetesErrorMapper mapper = new KubernetesErrorMapper("https://10.0.0.1:6443 (configuration from kubeconfig [/k])");

    private static KubernetesClientException answer(int code, String kind, String name, String message) {
        Status s = new StatusBuilder().withCode(code).withMessage(message).withNewDetails().withKind(kind).withName(name).endDetails().build();
        return new KubernetesClientException(message, code, s);
    }

    @Test
    void notFoundForTheServiceIsServiceNotFound() {
        assertThat(mapper.map(answer(404, "deployments", "web", "deployments.apps \"web\" not found"), "scale", "web"))
                .isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void notFoundNamespaceIsAnInvalidSpecNamingIt() {
        DroverException e = mapper.map(answer(404, "namespaces", "team-x", "namespaces \"team-x\" not found"), "apply", "web");
        assertThat(e).isInstanceOfSatisfying(InvalidSpecException.class,
                i -> assertThat(i.violations().get(0).path()).isEqualTo("metadata.namespace"));
    }

    @Test
    void conflictIsRetryable() {
        DroverException e = mapper.map(answer(409, "deployments", "web", "the object has been modified"), "apply", "web");
        assertThat(e).isInstanceOf(ConflictException.class);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void unprocessableListsTheServersCauses() {
        Status s = new StatusBuilder().withCode(422).withMessage("Deployment.apps \"web\" is invalid").withNewDetails()
                .addNewCause().withField("spec.template.spec.containers[0].image").withMessage("Required value").endCause().endDetails().build();
        DroverException e = mapper.map(new KubernetesClientException("invalid", 422, s), "apply", "web");
        assertThat(e).isInstanceOfSatisfying(InvalidSpecException.class, i -> assertThat(i.violations().get(0).path())
                .isEqualTo("native.spec.template.spec.containers[0].image"));
    }

    @Test
    void forbiddenIsUnavailableAndNotRetryable() {
        DroverException e = mapper.map(answer(403, "deployments", null, "forbidden"), "list", null);
        assertThat(e).isInstanceOf(BackendUnavailableException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("RBAC");
    }

    @Test
    void throttlingAndServerErrorsAreRetryable() {
        assertThat(mapper.map(answer(429, null, null, "too many requests"), "list", null).isRetryable()).isTrue();
        assertThat(mapper.map(answer(503, null, null, "unavailable"), "list", null).isRetryable()).isTrue();
    }

    @Test
    void refusedConnectionSaysWhatWasTried() {
        DroverException e = mapper.map(new KubernetesClientException("Operation failed", new ConnectException("Connection refused")), "info", null);
        assertThat(e).isInstanceOf(BackendUnavailableException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("https://10.0.0.1:6443").contains("kubeconfig");
    }
}
