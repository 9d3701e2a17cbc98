package io.drover.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.Drover;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.LocalExtension;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Violation;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The local backend's own rules: its extension section. */
class LocalSpecRulesTest {
    static ServiceSpec.Builder base() {
        return ServiceSpec.builder("web").command("python3", "-m", "http.server").port("http", 8080);
    }

    static Extensions local(String workingDirectory, Integer stopTimeout) {
        return new Extensions(null, null, null, new LocalExtension(workingDirectory, stopTimeout));
    }

    static Arguments invalid(String description, Supplier<ServiceSpec> spec, String path, String message) {
        return Arguments.of(Named.of(description, spec), path, message);
    }

    static Stream<Arguments> invalidExtensions() {
        return Stream.of(
                invalid("blank working directory", () -> base().extensions(local(" ", null)).build(),
                        "spec.extensions.local.workingDirectory", "must not be empty"),
                invalid("working directory with a control character", () -> base().extensions(local("/srv\u0000", null)).build(),
                        "spec.extensions.local.workingDirectory", "must not contain control characters, found U+0000"),
                invalid("negative stop timeout", () -> base().extensions(local(null, -1)).build(),
                        "spec.extensions.local.stopTimeoutSeconds", "must be 0 or more, was -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExtensions")
    void eachInvalidExtensionIsReportedWithItsExactPathAndReason(Supplier<ServiceSpec> spec, String path, String message) {
        assertThat(LocalSpecRules.validate(spec.get())).containsExactly(new Violation(path, message));
        assertThat(new LocalBackendProvider().validate(spec.get())).containsExactly(new Violation(path, message));
    }

    @Test
    void aFullLocalSectionIsValid() {
        assertThat(LocalSpecRules.validate(base().extensions(local("/srv", 0)).build())).isEmpty();
        assertThat(LocalSpecRules.validate(base().build())).isEmpty();
    }

    @Test
    void theFacadeReportsTheseRulesWithTheNeutralOnesBeforeStartingAnything(@TempDir Path state) {
        ServiceSpec spec = base().replicas(-1).extensions(local(" ", -1)).build();
        try (Drover drover = Drover.builder(new LocalBackend(TestSupport.config(state))).build()) {
            assertThatThrownBy(() -> drover.apply(spec)).isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations())
                    .containsExactly(new Violation("spec.replicas", "must be 0 or more, was -1"),
                            new Violation("spec.extensions.local.workingDirectory", "must not be empty"),
                            new Violation("spec.extensions.local.stopTimeoutSeconds", "must be 0 or more, was -1")));
            assertThat(drover.status("web")).isEmpty();
        }
    }
}
