package dev.switchboard.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes as a user writes them: whole bytes or KiB/MiB/GiB, one reading for every byte-valued setting. */
class SizesTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "1048576, 1048576",
            "' 4096 ', 4096",
            "0, 0",
            "1KiB, 1024",
            "512KiB, 524288",
            "1MiB, 1048576",
            "8MiB, 8388608",
            "2GiB, 2147483648",
            "-1, -1"
    })
    void readsWholeBytesAndBinaryUnits(String text, long bytes) {
        assertThat(Sizes.parse(text, "upstream-buffer")).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"1MB", "1mib", "1.5MiB", "MiB", "lots", "1 MiB", "-1MiB", "''"})
    void refusesOtherFormsNamingTheKeyTheTextAndTheForm(String text) {
        assertThatThrownBy(() -> Sizes.parse(text, "max-frame-size"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid max-frame-size '" + text + "': write a whole number of bytes or e.g. 1MiB (units KiB, MiB, GiB)");
    }

    @Test
    void refusesWhatOverflows() {
        assertThatThrownBy(() -> Sizes.parse("9999999999999GiB", "upstream-buffer"))
                .hasMessageStartingWith("invalid upstream-buffer '9999999999999GiB': the number is too large");
        assertThatThrownBy(() -> Sizes.parseInt("2GiB", "upstream-buffer"))
                .hasMessage("invalid upstream-buffer '2GiB': the size is too large; write at most 2147483647 bytes (just under 2GiB)");
        assertThat(Sizes.parseInt("2097151KiB", "upstream-buffer")).isEqualTo(2147482624);
    }

    @Test
    void everyByteValuedHubSettingReadsUnits() {
        HubSettings.Builder builder = HubSettings.builder();
        HubSettingKey.MAX_MESSAGE_SIZE.apply(builder, "2MiB");
        HubSettingKey.MAX_FRAME_SIZE.apply(builder, "512KiB");
        HubSettingKey.UPSTREAM_BUFFER.apply(builder, "4MiB");
        HubSettings settings = builder.build();

        assertThat(settings.maxMessageSize()).isEqualTo(2 << 20);
        assertThat(settings.maxFrameSize()).isEqualTo(512 << 10);
        assertThat(settings.upstreamBuffer()).isEqualTo(4 << 20);
        assertThatThrownBy(() -> HubSettingKey.UPSTREAM_BUFFER.apply(HubSettings.builder(), "8MB"))
                .hasMessageContaining("write a whole number of bytes or e.g. 1MiB");
    }
}
