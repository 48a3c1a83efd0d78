package dev.switchboard.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void readsEveryUnit() {
        assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2s", "x")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1m", "x")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h", "x")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0s", "x")).isZero();
        assertThat(Durations.parse(" 30s ", "x")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badTextNamesTheValueTheKeyAndTheForm() {
        assertThatThrownBy(() -> Durations.parse("5x", "linger"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid linger '5x': write a number followed by ms, s, m or h, e.g. 500ms, 2s, 1m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "1.5s", "5 s", "5S", "PT5S", "1d"})
    void rejectsWhatIsNotNumberAndUnit(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "linger"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid linger '" + text + "': ");
    }

    @Test
    void rejectsNegativeDurations() {
        assertThatThrownBy(() -> Durations.parse("-5s", "linger"))
                .hasMessage("invalid linger '-5s': it cannot be negative; "
                        + "write a number followed by ms, s, m or h, e.g. 500ms, 2s, 1m");
    }

    @Test
    void rejectsNumbersTooLargeForADuration() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999h", "linger")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Durations.parse("9223372036854775807h", "linger")).hasMessageContaining("too large");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
        assertThat(Durations.format(Duration.ofSeconds(-1))).isEqualTo("-1s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0ms", "1ms", "999ms", "1500ms", "1s", "59s", "61s", "1m", "90m", "1h", "25h"})
    void formatWritesWhatParseReads(String text) {
        assertThat(Durations.format(Durations.parse(text, "x"))).isEqualTo(text);
    }
}
