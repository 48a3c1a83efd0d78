package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Server frames as RFC 6455 lays them out, built once per message and shared as independent read-only views. */
class ServerFramesTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void aShortTextMessageIsTheRfcExampleFrame() {
        // RFC 6455, section 5.7: a single-frame unmasked text message containing "Hello".
        assertThat(bytes(ServerFrames.encode(Message.text("Hello"))))
                .containsExactly(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    }

    @Test
    void lengthsFrom126UseTheTwoByteFormAndFrom65536TheEightByteForm() {
        byte[] medium = bytes(ServerFrames.encode(Message.binary(new byte[256])));
        assertThat(medium).hasSize(4 + 256);
        assertThat(new byte[] {medium[0], medium[1], medium[2], medium[3]}).containsExactly(0x82, 126, 0x01, 0x00);

        byte[] edge = bytes(ServerFrames.encode(Message.binary(new byte[125])));
        assertThat(edge[1]).isEqualTo((byte) 125);
        assertThat(edge).hasSize(2 + 125);

        byte[] large = bytes(ServerFrames.encode(Message.binary(new byte[65_536])));
        assertThat(large).hasSize(10 + 65_536);
        assertThat(java.util.Arrays.copyOf(large, 10)).containsExactly(0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0);
        byte[] top = bytes(ServerFrames.encode(Message.binary(new byte[65_535])));
        assertThat(java.util.Arrays.copyOf(top, 4)).containsExactly(0x82, 126, 0xFF, 0xFF);
    }

    @Test
    void aMessageIsEncodedOnceAndEveryPortGetsItsOwnReadOnlyView() {
        ServerFrames frames = new ServerFrames();
        Message envelope = Message.text("{\"type\":\"message\"}");
        ByteBuffer first = frames.frameOf(envelope);
        ByteBuffer second = frames.frameOf(envelope);
        assertThat(first.isReadOnly()).isTrue();
        first.position(first.limit());
        assertThat(second.position()).isZero();
        assertThat(new String(bytes(second), 2, second.remaining() - 2, StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"message\"}");
        assertThat(frames.frameOf(Message.text("other")).remaining()).isEqualTo(2 + 5);
    }
}
