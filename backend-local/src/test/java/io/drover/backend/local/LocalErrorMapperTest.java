package io.drover.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.ServiceNotFoundException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Local failures become Drover's typed exceptions in one place. */
class LocalErrorMapperTest {
    @Test
    void aTakenPortIsANonRetryablePortConflict() {
        DroverException e = LocalErrorMapper.map(new ExecutionException(new BindException("Address already in use")), "expose", "web");
        assertThat(e).isInstanceOf(ConflictException.class).hasMessageContaining("PORT_CONFLICT").hasMessageContaining("[local expose web]");
        assertThat(e.isRetryable()).isFalse();
        assertThat(LocalErrorMapper.portInUse("exposed port 80", "127.0.0.1", 80, "expose", "web", null))
                .hasMessageContaining("port 80 on 127.0.0.1 is already in use");
    }

    @Test
    void anUnwritableStateDirectoryMakesTheBackendUnavailable() {
        DroverException e = LocalErrorMapper.map(new AccessDeniedException("/state/pids"), "apply", "web");
        assertThat(e).isInstanceOf(BackendUnavailableException.class).hasMessageContaining("/state/pids")
                .hasMessageContaining("stateDirectory");
    }

    @Test
    void droverExceptionsPassThroughUnchanged() {
        ServiceNotFoundException missing = LocalErrorMapper.notFound("scale", "web");
        assertThat(LocalErrorMapper.map(missing, "scale", "web")).isSameAs(missing);
        assertThat(LocalErrorMapper.noPreviousRevision("web", 1)).isInstanceOf(ConflictException.class)
                .satisfies(c -> assertThat(c.isRetryable()).isFalse()).hasMessageContaining("no previous revision");
    }
}
