package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./drover demo} through the launcher script, from an unrelated directory, as the README tells users to run it. */
class DemoIT {
    @TempDir
    Path dir;

    private CliProcess cli() throws Exception {
        return new CliProcess(dir.resolve("home"), Files.createDirectories(dir.resolve("elsewhere")));
    }

    @AfterEach
    void stopAnyDaemon() throws Exception {
        assertThat(cli().drover("local", "stop").code()).isZero();
    }

    @Test
    void theDemoWalksTheTutorialAndChecksEveryStep() throws Exception {
        Instant start = Instant.now();
        CliProcess.Result r = cli().launcher("demo");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).containsSubsequence(
                "$ drover apply -f hello-demo.yaml", "service/hello-demo created (revision 1)",
                "$ drover expose hello-demo --port ", "service/hello-demo exposed",
                "$ drover get", "NAME", "hello-demo   2/2",
                "$ drover scale hello-demo --replicas 3", "hello-demo   3/3",
                "hello from hello-demo-1-", "answered by 3 different instances",
                "/crash", "exiting with code 3", "$ drover describe hello-demo",
                "service/hello-demo configured (revision 2)", "version 2",
                "$ drover rollout undo hello-demo", "version 1",
                "$ drover delete hello-demo", "service/hello-demo deleted",
                "demo finished: every step worked");
        assertThat(r.out()).as("the crashed instance was restarted and shows its exit code")
                .containsPattern("hello-demo-1-\\w+ +localhost +RUNNING +yes +1 +3 ");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(90));
    }

    @Test
    void theLauncherWorksFromAnyDirectory() throws Exception {
        Path spec = Files.writeString(dir.resolve("ok.yaml"), """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  command: [ sleep, "60" ]
                """);
        CliProcess.Result r = cli().launcher("validate", "-f", spec.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("valid\n");
    }
}
