package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.InstanceState;
import io.drover.api.InstanceStatus;
import io.drover.api.PortBinding;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static InstanceStatus instance(String id, Instant started) {
        return new InstanceStatus(id, "localhost", InstanceState.RUNNING, true, 0, null, 1, List.of(), started, null);
    }

    private static ServiceStatus status(String name, ServiceState state, int desired, int ready, int updated, List<InstanceStatus> instances) {
        return new ServiceStatus(name, state, desired, ready, ready, updated, 1, instances, List.of(), List.of(), null, null, NOW);
    }

    @Test
    void columnsAreAlignedLikeKubectlAndAgeIsTheOldestInstance() {
        String table = StatusTable.render(List.of(
                status("nginx-demo", ServiceState.READY, 3, 3, 3, List.of(instance("a", NOW.minusSeconds(125)), instance("b", NOW.minusSeconds(5)))),
                status("db", ServiceState.PROGRESSING, 1, 0, 0, List.of())), NOW);

        assertThat(table.lines()).containsExactly(
                "NAME         READY   UP-TO-DATE   AVAILABLE   STATE         AGE",
                "nginx-demo   3/3     3            3           READY         2m5s",
                "db           0/1     0            0           PROGRESSING   -");
    }

    @Test
    void theWideFormAddsEveryInstanceWithNodePortsRestartsAndLastExit() {
        InstanceStatus crashed = new InstanceStatus("web-2-x1", "node-a", InstanceState.RUNNING, false, 3, 137, 2,
                List.of(new PortBinding("http", 8080, "127.0.0.1", 41001, io.drover.api.spec.Protocol.TCP)), NOW.minusSeconds(7), "restarting");
        InstanceStatus fine = new InstanceStatus("web-2-y2", "node-b", InstanceState.RUNNING, true, 0, null, 2, List.of(), NOW.minusSeconds(65), null);
        String table = StatusTable.renderWide(List.of(
                status("web", ServiceState.DEGRADED, 2, 1, 2, List.of(crashed, fine)), status("db", ServiceState.PENDING, 1, 0, 0, List.of())), NOW);

        assertThat(table.lines()).containsExactly(
                "NAME   READY   UP-TO-DATE   AVAILABLE   STATE      AGE",
                "web    1/2     2            1           DEGRADED   65s",
                "db     0/1     0            0           PENDING    -",
                "",
                "INSTANCE   SERVICE   STATE     READY   RESTARTS   LAST-EXIT   NODE     PORTS                  REVISION   AGE",
                "web-2-x1   web       RUNNING   no      3          137         node-a   http=127.0.0.1:41001   2          7s",
                "web-2-y2   web       RUNNING   yes     0          -           node-b   -                      2          65s");
    }

    @Test
    void theWideFormWithoutInstancesIsJustTheTable() {
        List<ServiceStatus> none = List.of(status("db", ServiceState.PENDING, 1, 0, 0, List.of()));
        assertThat(StatusTable.renderWide(none, NOW)).isEqualTo(StatusTable.render(none, NOW));
    }

    @Test
    void anEmptyListIsJustTheHeader() {
        assertThat(StatusTable.render(List.of(), NOW)).isEqualTo("NAME   READY   UP-TO-DATE   AVAILABLE   STATE   AGE\n");
    }

    @Test
    void tablesRefuseRowsOfTheWrongWidth() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Table.of("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2 cells");
    }

    @Test
    void agesReadLikeKubectls() {
        assertThat(Age.format(Duration.ofSeconds(-3))).isEqualTo("0s");
        assertThat(Age.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Age.format(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Age.format(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(Age.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Age.format(Duration.ofMinutes(25))).isEqualTo("25m");
        assertThat(Age.format(Duration.ofMinutes(4 * 60 + 12))).isEqualTo("4h12m");
        assertThat(Age.format(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Age.format(Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
        assertThat(Age.format(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(Age.format(Duration.ofDays(800))).isEqualTo("2y");
    }
}
