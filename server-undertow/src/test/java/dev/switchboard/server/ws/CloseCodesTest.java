package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.PortEnd;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseCodesTest {

    @Test
    void everyEndReasonHasItsCode() {
        assertThat(CloseCodes.forEnd(EndReason.SLOW)).isEqualTo(1008);
        assertThat(CloseCodes.forEnd(EndReason.REJECTED)).isEqualTo(1013);
        assertThat(CloseCodes.forEnd(EndReason.ERROR)).isEqualTo(1011);
        assertThat(CloseCodes.forEnd(EndReason.SHUTDOWN)).isEqualTo(1001);
        assertThat(CloseCodes.forEnd(EndReason.TIMEOUT)).isEqualTo(1001);
        assertThat(CloseCodes.forEnd(EndReason.DISCONNECT)).isEqualTo(1000);
    }

    @Test
    void reasonIsTheDetailOrADefault() {
        assertThat(CloseCodes.reasonText(new PortEnd(EndReason.SLOW, "queue overflowed"))).isEqualTo("queue overflowed");
        for (EndReason reason : EndReason.values()) {
            assertThat(CloseCodes.reasonText(PortEnd.of(reason))).isNotBlank();
        }
    }

    @Test
    void longReasonsAreCutToFitACloseFrameWithoutSplittingACharacter() {
        String shortReason = "fine";
        String longReason = "é".repeat(100) + "✓".repeat(50);

        assertThat(CloseCodes.fit(shortReason)).isEqualTo(shortReason);
        String fitted = CloseCodes.fit(longReason);
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(fitted).endsWith("...");
        assertThat(longReason).startsWith(fitted.substring(0, fitted.length() - 3));
    }
}
