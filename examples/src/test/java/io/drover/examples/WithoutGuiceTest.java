package io.drover.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.Drover;
import io.drover.spi.BackendProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * This module depends on drover-api and drover-backend-local only, as an application that does not
 * use Guice would: Guice is an optional dependency of both, so it is not on this classpath, and
 * ServiceLoader lookup and a whole deployment still work.
 */
class WithoutGuiceTest {
    @Test
    void guiceIsNotOnTheClasspathOfAUserOfTheApiAndABackend() {
        assertThatThrownBy(() -> Class.forName("com.google.inject.Module")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("com.google.inject.AbstractModule")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void serviceLoaderFindsTheBackendWithoutGuice() {
        assertThat(Drover.providers()).extracting(BackendProvider::name).contains("local");
    }

    @Test
    void theQuickStartDeploysAndDeletesAServiceWithoutGuice() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("hello READY 2/2 ready").containsPattern("hello-\\S+ on 127\\.0\\.0\\.1:\\d+");
    }
}
