package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Problem;
import io.drover.api.ProblemType;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {
    private static ServiceStatus status(ServiceState state, int ready, List<Problem> problems) {
        return new ServiceStatus("web", state, 3, 3, ready, 3, 2, List.of(), List.of(), problems, null, null, null);
    }

    @Test
    void plainOutputPrintsABlockOnlyWhenSomethingChanged() {
        StringWriter text = new StringWriter();
        RolloutProgress progress = new RolloutProgress("web", new PrintWriter(text), false);
        progress.accept(status(ServiceState.PROGRESSING, 1, List.of()));
        progress.accept(status(ServiceState.PROGRESSING, 1, List.of()));
        progress.accept(status(ServiceState.DEGRADED, 2, List.of(Problem.of(ProblemType.CRASH_LOOP, "exited with code 3", "web-2-x", "exit 3"))));

        assertThat(text.toString().lines()).containsExactly(
                "Waiting for web: replicas ready 1/3, up-to-date 3/3 (PROGRESSING, revision 2)",
                "Waiting for web: replicas ready 2/3, up-to-date 3/3 (DEGRADED, revision 2)",
                "  ! CRASH_LOOP web-2-x: exited with code 3");
        assertThat(text.toString()).doesNotContain("\033[");
    }

    @Test
    void onATerminalTheBlockIsRedrawnInPlace() {
        StringWriter text = new StringWriter();
        RolloutProgress progress = new RolloutProgress("web", new PrintWriter(text), true);
        progress.accept(status(ServiceState.DEGRADED, 1, List.of(Problem.of(ProblemType.PROBE_FAILING, "readiness failing"))));
        progress.accept(status(ServiceState.READY, 3, List.of()));

        String out = text.toString();
        assertThat(out).contains("\033[2A\033[J");
        assertThat(out.substring(out.indexOf("\033[J") + 3)).isEqualTo(
                "Waiting for web: replicas ready 3/3, up-to-date 3/3 (READY, revision 2)" + System.lineSeparator());
    }

    @Test
    void statusesAfterTheWaitEndedAreNotShown() {
        StringWriter text = new StringWriter();
        RolloutProgress progress = new RolloutProgress("web", new PrintWriter(text), false);
        progress.accept(status(ServiceState.READY, 3, List.of()));
        progress.finish();
        progress.accept(status(ServiceState.FAILED, 0, List.of()));
        assertThat(text.toString().lines()).containsExactly("Waiting for web: replicas ready 3/3, up-to-date 3/3 (READY, revision 2)");
    }
}
