package io.drover.api;

import static io.drover.api.ServiceState.DEGRADED;
import static io.drover.api.ServiceState.FAILED;
import static io.drover.api.ServiceState.PENDING;
import static io.drover.api.ServiceState.PROGRESSING;
import static io.drover.api.ServiceState.READY;
import static io.drover.api.ServiceState.ROLLED_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class StatusAggregatorTest {
    static Problem p(ProblemType type) {
        return Problem.of(type, type.name().toLowerCase(), "web.1", "native");
    }

    static Arguments rule(String description, int desired, int ready, boolean rollout, boolean rolledBack, List<Problem> problems, ServiceState expected) {
        return Arguments.of(description, desired, ready, rollout, rolledBack, problems, expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                rule("2 ready + 1 crash-looping of 3 is DEGRADED, not FAILED", 3, 2, false, false, List.of(p(ProblemType.CRASH_LOOP)), DEGRADED),
                rule("0 of 3 crash-looping is FAILED", 3, 0, false, false, List.of(p(ProblemType.CRASH_LOOP)), FAILED),
                rule("0 of 3 with an image that cannot be pulled is FAILED", 3, 0, true, false, List.of(p(ProblemType.IMAGE_PULL_FAILED)), FAILED),
                rule("0 of 3 with a port conflict is FAILED", 3, 0, false, false, List.of(p(ProblemType.PORT_CONFLICT)), FAILED),
                rule("0 of 3 unschedulable is PENDING", 3, 0, false, false, List.of(p(ProblemType.UNSCHEDULABLE)), PENDING),
                rule("0 of 3 without room is PENDING", 3, 0, false, false, List.of(p(ProblemType.INSUFFICIENT_RESOURCES)), PENDING),
                rule("0 of 3 with a failing probe is PENDING", 3, 0, false, false, List.of(p(ProblemType.PROBE_FAILING)), PENDING),
                rule("0 of 3 with no problem is PENDING", 3, 0, false, false, List.of(), PENDING),
                rule("rolled back is ROLLED_BACK", 3, 3, false, true, List.of(p(ProblemType.ROLLED_BACK)), ROLLED_BACK),
                rule("rolled back wins over a fatal problem", 3, 0, false, true, List.of(p(ProblemType.CRASH_LOOP)), ROLLED_BACK),
                rule("0 of 0 is READY", 0, 0, false, false, List.of(), READY),
                rule("0 of 0 with a stale crash problem is READY", 0, 0, false, false, List.of(p(ProblemType.CRASH_LOOP)), READY),
                rule("3 of 3 is READY", 3, 3, false, false, List.of(), READY),
                rule("more ready than desired while scaling down is READY", 2, 3, false, false, List.of(), READY),
                rule("a rollout in progress is PROGRESSING", 3, 3, true, false, List.of(), PROGRESSING),
                rule("a rollout in progress with nothing ready yet is PROGRESSING", 3, 0, true, false, List.of(p(ProblemType.UNSCHEDULABLE)), PROGRESSING),
                rule("1 of 3 ready without problems is PROGRESSING", 3, 1, false, false, List.of(), PROGRESSING),
                rule("1 of 3 ready with a fatal problem is DEGRADED", 3, 1, false, false, List.of(p(ProblemType.IMAGE_PULL_FAILED)), DEGRADED),
                rule("2 of 3 with a node down is DEGRADED", 3, 2, false, false, List.of(p(ProblemType.NODE_DOWN)), DEGRADED),
                rule("2 of 3 during a rollout with a problem is DEGRADED", 3, 2, true, false, List.of(p(ProblemType.PROBE_FAILING)), DEGRADED),
                rule("a ROLLED_BACK problem alone does not make 2 of 3 DEGRADED", 3, 2, false, false, List.of(p(ProblemType.ROLLED_BACK)), PROGRESSING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRuleGivesItsState(String description, int desired, int ready, boolean rollout, boolean rolledBack, List<Problem> problems,
            ServiceState expected) {
        assertThat(StatusAggregator.aggregate(desired, ready, rollout, rolledBack, problems)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ProblemType.class)
    void noReadyInstanceFailsExactlyForFatalProblems(ProblemType type) {
        assertThat(StatusAggregator.aggregate(2, 0, false, false, List.of(p(type)))).isEqualTo(type.isFatal() ? FAILED : PENDING);
    }

    @ParameterizedTest
    @EnumSource(ProblemType.class)
    void everyProblemTypeHasAHint(ProblemType type) {
        assertThat(type.defaultHint()).isNotBlank();
        assertThat(Problem.of(type, "x").hint()).isEqualTo(type.defaultHint());
    }

    @Test
    void onlyReadyFailedAndRolledBackAreSettled() {
        assertThat(Stream.of(ServiceState.values()).filter(ServiceState::isSettled)).containsExactly(READY, FAILED, ROLLED_BACK);
    }
}
