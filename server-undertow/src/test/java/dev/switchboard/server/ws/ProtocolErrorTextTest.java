package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.RawSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Frames that break RFC 6455: the client is closed with 1002 and a reason of ours, never a library code. */
class ProtocolErrorTextTest {

    private final ServerFixture fixture = ServerFixture.start("default");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource({
        "0x81, 0x02, frame not masked",
        "0xC1, 0x82, reserved bits set",
        "0x83, 0x82, unknown frame opcode 3",
        "0x09, 0x80, fragmented control frame",
    })
    void aBrokenFrameIsClosedWith1002AndOurReason(String first, String second, String reason) throws Exception {
        try (RawSocketClient client = RawSocketClient.connect(fixture.uri("default"))) {
            fixture.awaitReady("default", 1);
            client.write(new byte[] {(byte) Integer.decode(first).intValue(), (byte) Integer.decode(second).intValue(),
                    0, 0, 0, 0, 'h', 'i'});
            RawSocketClient.Frame frame;
            do {
                frame = client.readFrame();
            } while (frame.opcode() != 0x8);
            assertThat(frame.closeCode()).isEqualTo(1002);
            String text = new String(Arrays.copyOfRange(frame.payload(), 2, frame.payload().length), StandardCharsets.UTF_8);
            assertThat(text).startsWith(reason).doesNotContain("UT0");
        }
    }
}
