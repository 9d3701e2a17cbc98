package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
    @Test
    void readsTheWaysPeopleWriteDurations() {
        assertThat(DurationConverter.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationConverter.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void refusesWhatIsNoDuration() {
        for (String bad : new String[] {"", "ten", "10x", "s10", "10s junk", "P-nope"}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("is not a duration");
        }
    }
}
