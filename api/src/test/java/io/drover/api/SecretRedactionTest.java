package io.drover.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRedactionTest {
    static final String VALUE = "hunter2-very-secret";
    final SecretResolver resolver = (ref, path) -> Optional.of(SecretValue.of(VALUE));
    final ServiceSpec spec = ServiceSpec.builder("web").image("nginx").secret(SecretRef.envFromEnv("db", "DB_PASSWORD", "HOST_DB")).build();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr;

    @BeforeEach
    void captureLogs() {
        // slf4j-simple (test scope) writes to System.err, looked up at each log call
        originalErr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLogs() {
        System.setErr(originalErr);
    }

    static String everything(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return t + "\n" + w;
    }

    @Test
    void secretValueNeverShowsInToString() {
        SecretValue v = SecretValue.of(VALUE);
        assertThat(v.toString()).isEqualTo("SecretValue[******]").doesNotContain(VALUE);
        assertThat(v.fingerprint()).hasSize(16).doesNotContain(VALUE).isEqualTo(SecretValue.of(VALUE).fingerprint());
        assertThat(v.fingerprint()).isNotEqualTo(SecretValue.of(VALUE + "x").fingerprint());
    }

    @Test
    void secretValuesAreEqualByValue() {
        assertThat(SecretValue.of(VALUE)).isEqualTo(SecretValue.of(VALUE.getBytes(StandardCharsets.UTF_8)))
                .hasSameHashCodeAs(SecretValue.of(VALUE)).isNotEqualTo(SecretValue.of("other")).isNotEqualTo(VALUE);
    }

    @Test
    void secretValueBytesAreCopies() {
        byte[] source = VALUE.getBytes(StandardCharsets.UTF_8);
        SecretValue v = SecretValue.of(source);
        source[0] = 'X';
        v.bytes()[1] = 'Y';
        assertThat(v.reveal()).isEqualTo(VALUE);
    }

    @Test
    void aBackendFailureEchoingTheValueIsMasked() {
        FakeBackend backend = new FakeBackend();
        backend.failures.add(new ConflictException("rejected env DB_PASSWORD=" + VALUE, "fake", "apply", "web", 409, false,
                new IllegalStateException("payload {\"DB_PASSWORD\":\"" + VALUE + "\"}", new RuntimeException(VALUE))));
        Drover drover = Drover.builder(backend).secretResolver(resolver).build();
        ConflictException e = catchThrowableOfType(ConflictException.class, () -> drover.apply(spec));
        assertThat(everything(e)).doesNotContain(VALUE).contains("rejected env DB_PASSWORD=******")
                .contains("java.lang.IllegalStateException: payload {\"DB_PASSWORD\":\"******\"}");
        assertThat(e.statusCode()).isEqualTo(409);
        assertThat(e.backend()).isEqualTo("fake");
        assertThat(e.service()).isEqualTo("web");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aForeignExceptionEchoingTheValueBecomesAMaskedDroverException() {
        FakeBackend backend = new FakeBackend();
        backend.failures.add(new IllegalArgumentException("bad value " + VALUE));
        Drover drover = Drover.builder(backend).secretResolver(resolver).build();
        Throwable e = catchThrowable(() -> drover.apply(spec));
        assertThat(e).isExactlyInstanceOf(DroverException.class).hasMessage("[fake apply web] IllegalArgumentException: bad value ******");
        assertThat(everything(e)).doesNotContain(VALUE);
    }

    @Test
    void anInvalidSpecEchoingTheValueKeepsItsTypeAndViolationsMasked() {
        FakeBackend backend = new FakeBackend();
        backend.failures.add(new InvalidSpecException(List.of(
                new Violation("spec.env.DB_URL", "must not contain the secret " + VALUE),
                new Violation("spec.image", "is required")), new IllegalStateException("echo " + VALUE)));
        Drover drover = Drover.builder(backend).secretResolver(resolver).build();
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> drover.apply(spec));
        assertThat(e).isExactlyInstanceOf(InvalidSpecException.class);
        assertThat(e.violations()).extracting(Object::toString)
                .containsExactly("spec.env.DB_URL: must not contain the secret ******", "spec.image: is required");
        assertThat(everything(e)).doesNotContain(VALUE).contains("java.lang.IllegalStateException: echo ******");
        assertThat(e.operation()).isEqualTo("validate");
    }

    @Test
    void aServiceNotFoundEchoingTheValueKeepsItsTypeAndData() {
        FakeBackend backend = new FakeBackend();
        backend.failures.add(new ServiceNotFoundException("fake", "apply", "web", new IllegalStateException("no such service; sent " + VALUE)));
        Drover drover = Drover.builder(backend).secretResolver(resolver).build();
        ServiceNotFoundException e = catchThrowableOfType(ServiceNotFoundException.class, () -> drover.apply(spec));
        assertThat(e).isExactlyInstanceOf(ServiceNotFoundException.class).hasMessage("[fake apply web] service 'web' not found");
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.backend()).isEqualTo("fake");
        assertThat(e.service()).isEqualTo("web");
        assertThat(everything(e)).doesNotContain(VALUE).contains("no such service; sent ******");
    }

    @Test
    void aMissingCapabilityEchoingTheValueKeepsItsTypeAndUses() {
        FakeBackend backend = new FakeBackend();
        CapabilityUse use = new CapabilityUse(Capability.values()[0], "spec.secrets[0]");
        backend.failures.add(new CapabilityNotSupportedException("fake", "web", List.of(use), new IllegalStateException("refused " + VALUE)));
        Drover drover = Drover.builder(backend).secretResolver(resolver).build();
        CapabilityNotSupportedException e = catchThrowableOfType(CapabilityNotSupportedException.class, () -> drover.apply(spec));
        assertThat(e).isExactlyInstanceOf(CapabilityNotSupportedException.class);
        assertThat(e.uses()).containsExactly(use);
        assertThat(everything(e)).doesNotContain(VALUE).contains("refused ******");
    }

    @Test
    void aFailureWithoutTheValueIsThrownUnchanged() {
        FakeBackend backend = new FakeBackend();
        BackendUnavailableException original = new BackendUnavailableException("connection refused", "fake", "apply", "web", null, false, null);
        backend.failures.add(original);
        Drover drover = Drover.builder(backend).secretResolver(resolver).build();
        assertThat(catchThrowable(() -> drover.apply(spec))).isSameAs(original);
    }

    @Test
    void retryLogLinesMaskTheValue() {
        FakeBackend backend = new FakeBackend();
        backend.failures.add(new BackendUnavailableException("server said: " + VALUE, "fake", "apply", "web", 503, true, null));
        Drover drover = Drover.builder(backend).secretResolver(resolver).retryDeadline(Duration.ofSeconds(10)).build();
        drover.apply(spec);
        assertThat(backend.callsOf("apply")).hasSize(2);
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("transient failure").contains("server said: ******").doesNotContain(VALUE);
    }

    @Test
    void givingUpAfterRetriesMasksTheValue() {
        FakeBackend backend = new FakeBackend();
        for (int i = 0; i < 200; i++) backend.failures.add(new BackendUnavailableException("down: " + VALUE, "fake", "apply", "web", 503, true, null));
        Drover drover = Drover.builder(backend).secretResolver(resolver).retryDeadline(Duration.ofMillis(400)).build();
        BackendUnavailableException e = catchThrowableOfType(BackendUnavailableException.class, () -> drover.apply(spec));
        assertThat(everything(e)).doesNotContain(VALUE).contains("down: ******");
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(VALUE);
    }

    @Test
    void specsAndReferencesHoldOnlySources() {
        String text = spec.toString() + spec.secrets().get(0) + SpecIO.toYaml(spec) + SpecIO.toJson(spec);
        assertThat(text).contains("HOST_DB").doesNotContain(VALUE);
        FakeBackend backend = new FakeBackend();
        ApplyResult r = Drover.builder(backend).secretResolver(resolver).build().apply(spec);
        assertThat(r.toString() + backend.lastSecrets + backend.lastApplied).doesNotContain(VALUE);
        assertThat(backend.lastSecrets.get("db").reveal()).isEqualTo(VALUE);
    }

    @Test
    void hostResolverErrorsNameTheFieldAndSourceButNoValue(@TempDir Path dir) throws IOException {
        String unset = "DROVER_TEST_UNSET_" + System.nanoTime();
        InvalidSpecException env = catchThrowableOfType(InvalidSpecException.class,
                () -> HostSecretResolver.INSTANCE.resolve(SecretRef.envFromEnv("db", "DB", unset), "spec.secrets[2]"));
        assertThat(env.violations()).extracting(Object::toString)
                .containsExactly("spec.secrets[2].fromEnv: the host environment variable " + unset + " is not set");
        Path missing = dir.resolve("nope");
        InvalidSpecException file = catchThrowableOfType(InvalidSpecException.class,
                () -> HostSecretResolver.INSTANCE.resolve(new SecretRef("db", "DB", null, null, missing.toString()), "spec.secrets[0]"));
        assertThat(file.violations()).extracting(Object::toString)
                .containsExactly("spec.secrets[0].fromFile: cannot read " + missing + " (NoSuchFileException)");
        Path unreadable = Files.createDirectory(dir.resolve("a-directory"));
        InvalidSpecException dirError = catchThrowableOfType(InvalidSpecException.class,
                () -> HostSecretResolver.INSTANCE.resolve(new SecretRef("db", "DB", null, null, unreadable.toString()), "spec.secrets[1]"));
        assertThat(dirError.violations()).singleElement().asString().startsWith("spec.secrets[1].fromFile: cannot read " + unreadable + " (");
        Path real = Files.writeString(dir.resolve("s"), VALUE);
        assertThat(HostSecretResolver.INSTANCE.resolve(new SecretRef("db", "DB", null, null, real.toString()), "spec.secrets[0]"))
                .map(SecretValue::reveal).contains(VALUE);
        assertThat(HostSecretResolver.INSTANCE.resolve(new SecretRef("db", "DB", null, null, null), "spec.secrets[0]")).isEmpty();
    }

}
