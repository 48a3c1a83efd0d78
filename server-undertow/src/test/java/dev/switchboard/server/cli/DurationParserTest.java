package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

    @Test
    void readsEveryUnit() {
        assertThat(DurationParser.parse("500ms", "--x")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parse("2s", "--x")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationParser.parse("1m", "--x")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationParser.parse("1h", "--x")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationParser.parse("0s", "--x")).isZero();
        assertThat(DurationParser.parse(" 30s ", "--x")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badTextNamesTheValueTheOptionAndTheForm() {
        assertThatThrownBy(() -> DurationParser.parse("5x", "--linger"))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid duration '5x' for --linger: write a number followed by ms, s, m or h, e.g. 500ms, 2s, 1m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "1.5s", "5 s", "5S", "PT5S", "1d"})
    void rejectsWhatIsNotNumberAndUnit(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text, "--linger"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("invalid duration '" + text + "' for --linger: ");
    }

    @Test
    void rejectsNegativeDurations() {
        assertThatThrownBy(() -> DurationParser.parse("-5s", "--linger"))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid duration '-5s' for --linger: it cannot be negative; "
                        + "write a number followed by ms, s, m or h, e.g. 500ms, 2s, 1m");
    }

    @Test
    void rejectsNumbersTooLargeForADuration() {
        assertThatThrownBy(() -> DurationParser.parse("99999999999999999999h", "--linger"))
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> DurationParser.parse("9223372036854775807h", "--linger"))
                .hasMessageContaining("too large");
    }

    @Test
    void positiveRejectsZero() {
        assertThatThrownBy(() -> DurationParser.parsePositive("0ms", "--connect-timeout"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("invalid duration '0ms' for --connect-timeout: it must be longer than zero");
    }
}
