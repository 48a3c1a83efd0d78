package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.PortEnd;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseFramesTest {

    @Test
    void everyEndReasonHasItsCode() {
        assertThat(CloseFrames.forEnd(EndReason.SLOW)).isEqualTo(1008);
        assertThat(CloseFrames.forEnd(EndReason.REJECTED)).isEqualTo(1013);
        assertThat(CloseFrames.forEnd(EndReason.ERROR)).isEqualTo(1011);
        assertThat(CloseFrames.forEnd(EndReason.SHUTDOWN)).isEqualTo(1001);
        assertThat(CloseFrames.forEnd(EndReason.TIMEOUT)).isEqualTo(1001);
        assertThat(CloseFrames.forEnd(EndReason.DISCONNECT)).isEqualTo(1000);
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
