package io.drover.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

class ApiArchitectureTest {
    static final ArchRule NO_NATIVE_TYPES = noClasses().that().resideInAnyPackage("io.drover.api..", "io.drover.spi..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "com.github.dockerjava..", "com.hashicorp..", "io.drover.backend..")
            .because("the neutral API must not leak any backend's client types");

    static JavaClasses mainClasses() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.drover.api", "io.drover.spi");
    }

    @Test
    void theApiDependsOnNoBackendClientNorBackend() {
        JavaClasses classes = mainClasses();
        assertThat(classes.contain(Drover.class)).isTrue();
        assertThat(classes.contain(io.drover.spi.Backend.class)).isTrue();
        NO_NATIVE_TYPES.check(classes);
    }

    @Test
    void theRuleCatchesAViolation() {
        JavaClasses offender = new ClassFileImporter().importClasses(LeakyFixture.class, io.drover.backend.fixture.BackendThing.class);
        EvaluationResult result = NO_NATIVE_TYPES.evaluate(offender);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d).contains("BackendThing"));
    }

    /** A test-only class in io.drover.api that depends on a backend package, to prove the rule bites. */
    static final class LeakyFixture {
        io.drover.backend.fixture.BackendThing thing = new io.drover.backend.fixture.BackendThing();
    }
}
