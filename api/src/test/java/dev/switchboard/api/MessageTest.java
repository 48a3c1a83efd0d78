package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void textPayloadIsUtf8AndEachViewIsIndependent() {
        Message m = Message.text("héllo");
        ByteBuffer first = m.payload();
        first.get();
        assertThat(m.payload().remaining()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8).length);
        assertThat(m.size()).isEqualTo(6);
        assertThat(first.isReadOnly()).isTrue();
    }

    @Test
    void binaryCopiesItsInputSoLaterChangesDoNotLeakIn() {
        byte[] bytes = {1, 2, 3};
        Message m = Message.binary(bytes);
        bytes[0] = 9;
        assertThat(m.toByteArray()).containsExactly(1, 2, 3);
        assertThatThrownBy(m::text).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 bytes");
    }

    @Test
    void withCursorKeepsPayloadAndIds() {
        Message m = Message.text("x").withEventId("7").withEventType("tick").withCursor(new Cursor("e", 1));
        assertThat(m.eventId()).contains("7");
        assertThat(m.eventType()).contains("tick");
        assertThat(m.cursor()).contains(new Cursor("e", 1));
        assertThat(m.samePayload(Message.text("x"))).isTrue();
        assertThat(m).isNotEqualTo(Message.text("x"));
    }
}
