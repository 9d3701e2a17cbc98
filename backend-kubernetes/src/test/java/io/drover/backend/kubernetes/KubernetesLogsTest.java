package io.drover.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.LogLine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the kubelet's CRI log files and the log API's timestamped lines. */
class KubernetesLogsTest {
    @Test
    void criLinesKeepTheirStreamAndTime() {
        List<LogLine> lines = KubernetesLogs.parseCri("pod-a", """
                2026-12-02T04:50:00.123456789Z stdout F started version=1
                2026-12-02T04:50:00.2Z stderr F something on stderr
                """);
        assertThat(lines).extracting(LogLine::stream).containsExactly(LogLine.Stream.STDOUT, LogLine.Stream.STDERR);
        assertThat(lines).extracting(LogLine::text).containsExactly("started version=1", "something on stderr");
        assertThat(lines.get(0).time()).isEqualTo(Instant.parse("2026-12-02T04:50:00.123456789Z"));
        assertThat(lines).allSatisfy(l -> assertThat(l.instance()).isEqualTo("pod-a"));
    }

    @Test
    void partialCriLinesAreJoinedWithTheirEnd() {
        List<LogLine> lines = KubernetesLogs.parseCri("p", """
                2026-12-02T04:50:00Z stdout P first half,
                2026-12-02T04:50:00Z stdout F  second half
                2026-12-02T04:50:01Z stdout F
                not a log line
                """);
        assertThat(lines).extracting(LogLine::text).containsExactly("first half, second half", "");
    }

    @Test
    void apiLinesWithoutATimestampKeepTheWholeText() {
        assertThat(KubernetesLogs.parse("p", "2026-12-02T04:50:00Z hello world").text()).isEqualTo("hello world");
        assertThat(KubernetesLogs.parse("p", "no timestamp here").time()).isNull();
        assertThat(KubernetesLogs.parse("p", "")).isNull();
    }
}
