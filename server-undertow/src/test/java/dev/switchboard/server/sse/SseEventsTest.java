package dev.switchboard.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.api.UpstreamState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The exact bytes of each event, as {@code docs/protocol.md} shows them. */
class SseEventsTest {

    private final SseEvents events = new SseEvents("default");

    private String encode(Downstream item) {
        return new String(events.encode(item), StandardCharsets.UTF_8);
    }

    private static Downstream.Data data(Message message, long seq) {
        return new Downstream.Data(message.withCursor(new Cursor("mhx1k2a91c3z", seq)));
    }

    @Test
    void welcomeIsANamedEventWithTheEnvelope() {
        assertThat(encode(new Downstream.Welcome("3g", new Cursor("mhx1k2a91c3z", 12), Duration.ofSeconds(15), UpstreamState.OPEN)))
                .isEqualTo("event: welcome\n"
                        + "data: {\"type\":\"welcome\",\"hub\":\"default\",\"port\":\"3g\",\"cursor\":\"mhx1k2a91c3z:12\","
                        + "\"heartbeat\":15000,\"state\":\"OPEN\"}\n\n");
    }

    @Test
    void textIsTheDefaultEventWithTheCursorAsId() {
        assertThat(encode(data(Message.text("{\"symbol\":\"SWB\",\"price\":101.25}"), 13)))
                .isEqualTo("id: mhx1k2a91c3z:13\ndata: {\"symbol\":\"SWB\",\"price\":101.25}\n\n");
    }

    @Test
    void eachLineOfTextIsADataLineWhateverItsLineEnd() {
        assertThat(encode(data(Message.text("a\nb\r\nc\rd\n"), 1)))
                .isEqualTo("id: mhx1k2a91c3z:1\ndata: a\ndata: b\ndata: c\ndata: d\ndata: \n\n");
    }

    @Test
    void emptyTextIsOneEmptyDataLine() {
        assertThat(encode(data(Message.text(""), 1))).isEqualTo("id: mhx1k2a91c3z:1\ndata: \n\n");
    }

    @Test
    void leadingSpaceSurvivesTheReadersStrippingOfOne() {
        assertThat(encode(data(Message.text(" x"), 1))).isEqualTo("id: mhx1k2a91c3z:1\ndata:  x\n\n");
    }

    @Test
    void binaryIsEventBinaryInBase64() {
        assertThat(encode(data(Message.binary(new byte[] {0, 1, 2, 3}), 14)))
                .isEqualTo("id: mhx1k2a91c3z:14\nevent: binary\ndata: AAECAw==\n\n");
    }

    @Test
    void statusGapAndErrorAreNamedEventsWithTheirEnvelopes() {
        assertThat(encode(new Downstream.Status(UpstreamState.BACKOFF, "upstream failed")))
                .isEqualTo("event: status\ndata: {\"type\":\"status\",\"state\":\"BACKOFF\",\"detail\":\"upstream failed\"}\n\n");
        assertThat(encode(new Downstream.Gap(new Cursor("e", 3), new Cursor("e", 9), Downstream.Gap.Cause.EXPIRED)))
                .isEqualTo("event: gap\ndata: {\"type\":\"gap\",\"after\":\"e:3\",\"next\":\"e:9\",\"cause\":\"expired\"}\n\n");
        assertThat(new String(events.error("bad-cursor", "nope"), StandardCharsets.UTF_8))
                .isEqualTo("event: error\ndata: {\"type\":\"error\",\"code\":\"bad-cursor\",\"message\":\"nope\"}\n\n");
    }

    @Test
    void heartbeatIsACommentLineOnItsOwn() {
        assertThat(new String(SseEvents.PING, StandardCharsets.US_ASCII)).isEqualTo(": ping\n\n");
    }

    @Test
    void aMessageIsEncodedOnceForEveryPort() {
        Downstream.Data item = data(Message.text("shared"), 42);

        assertThat(events.encode(item)).isSameAs(events.encode(item));
    }
}
