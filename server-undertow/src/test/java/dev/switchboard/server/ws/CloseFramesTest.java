package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.PortEnd;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseFramesTest {

    @Test
    void everyEndReasonHasItsCode() {
        assertThat(PortEnd.of(EndReason.SLOW).closeCode()).isEqualTo(1008);
        assertThat(PortEnd.of(EndReason.REJECTED).closeCode()).isEqualTo(1013);
        assertThat(PortEnd.of(EndReason.ERROR).closeCode()).isEqualTo(1011);
        assertThat(PortEnd.of(EndReason.SHUTDOWN).closeCode()).isEqualTo(1001);
        assertThat(PortEnd.of(EndReason.TIMEOUT).closeCode()).isEqualTo(1001);
        assertThat(PortEnd.of(EndReason.DISCONNECT).closeCode()).isEqualTo(1000);
        assertThat(new PortEnd(EndReason.ERROR, "too big", PortEnd.MESSAGE_TOO_BIG).closeCode()).isEqualTo(1009);
    }

    @Test
    void reasonIsTheDetailOrADefault() {
        assertThat(CloseFrames.reasonText(new PortEnd(EndReason.SLOW, "queue overflowed"))).isEqualTo("queue overflowed");
        for (EndReason reason : EndReason.values()) {
            assertThat(CloseFrames.reasonText(PortEnd.of(reason))).isNotBlank();
        }
    }

    @Test
    void longReasonsAreCutToFitACloseFrameWithoutSplittingACharacter() {
        String shortReason = "fine";
        String longReason = "é".repeat(100) + "✓".repeat(50);

        assertThat(CloseFrames.fit(shortReason)).isEqualTo(shortReason);
        String fitted = CloseFrames.fit(longReason);
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(fitted).endsWith("...");
        assertThat(longReason).startsWith(fitted.substring(0, fitted.length() - 3));
    }
}
