package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.api.config.SlowPortPolicy;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.RawSocketClient;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading while the origin publishes large messages: its TCP buffers fill,
 * its bounded queue fills, and it is ended with SLOW (or, with drop-oldest, loses its backlog and
 * is told with a gap), while a client that reads gets every message in order.
 */
class SlowConsumerTest {

    private static final int MESSAGE_SIZE = 64 * 1024;
    private static final int PORT_QUEUE = 16;
    /** How far the publisher may run ahead of the reading client, well within its queue. */
    private static final int WINDOW = 8;
    /** Far more than the slow client's socket buffers and queue hold together (about 4 MiB + 1 MiB). */
    private static final int MAX_MESSAGES = 2_000;

    private ServerFixture fixture;
    private final List<HubEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(SlowPortPolicy policy) {
        fixture = ServerFixture.start(config -> config.settings(HubSettings.builder()
                .replay(8, Duration.ofMinutes(5)).portQueue(PORT_QUEUE).slowPolicy(policy).build()), "default");
        fixture.hub("default").addListener(events::add);
    }

    private static String payload(long seq) {
        String head = seq + ":";
        return head + "x".repeat(MESSAGE_SIZE - head.length());
    }

    private List<HubEvent.PortEnded> ended() {
        return events.stream().filter(e -> e instanceof HubEvent.PortEnded).map(e -> (HubEvent.PortEnded) e).toList();
    }

    @Test
    void aClientThatStopsReadingEndsSlowWhileAReadingClientGetsEverything() throws Exception {
        start(SlowPortPolicy.END);
        TestClient reader = fixture.connect("default");
        fixture.awaitReady("default", 1);
        try (RawSocketClient stalled = RawSocketClient.connect(fixture.uri("default"), null, 4096)) {
            fixture.awaitReady("default", 2);

            long published = 0;
            List<Long> got = new ArrayList<>();
            while (ended().isEmpty() && published < MAX_MESSAGES) {
                fixture.origin("default").publish(Message.text(payload(++published)));
                if (published > WINDOW) {
                    got.add(seqOf(reader.nextText()));
                }
            }
            // The reader goes on receiving after the slow client ended, still at most WINDOW behind:
            // it reads as much as it is sent, so only the stalled client ever overflows its queue.
            for (int i = 0; i < 10; i++) {
                fixture.origin("default").publish(Message.text(payload(++published)));
                got.add(seqOf(reader.nextText()));
            }
            while (got.size() < published) {
                got.add(seqOf(reader.nextText()));
            }

            assertThat(ended()).hasSize(1);
            assertThat(ended().get(0).end().reason()).isEqualTo(EndReason.SLOW);
            assertThat(ended().get(0).end().detail()).contains(PORT_QUEUE + " items");
            assertThat(got).containsExactlyElementsOf(LongStream.rangeClosed(1, published).boxed().toList());
            assertThat(fixture.hub("default").portCount()).isEqualTo(1);
            System.out.println("slow client ended SLOW after " + (published - 10) + " messages of " + MESSAGE_SIZE + " bytes");

            // What the stalled client finds when it reads at last: the frames already written, then 1008.
            RawSocketClient.Frame frame;
            do {
                frame = stalled.readFrame();
            } while (frame.opcode() != 0x8);
            assertThat(frame.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }

    @Test
    void withDropOldestAStalledClientIsToldWithAnOverflowGapAndStaysAttached() throws Exception {
        start(SlowPortPolicy.DROP_OLDEST);
        EnvelopeClient reader = EnvelopeClient.connect(fixture.uri("default"), null, 16);
        fixture.track(reader);
        reader.next("welcome");
        fixture.awaitReady("default", 1);
        try (RawSocketClient stalled = RawSocketClient.connect(fixture.uri("default"), "switchboard.v1", 4096)) {
            fixture.awaitReady("default", 2);
            // 300 x 64 KiB is about 19 MiB: several times what the stalled client's buffers and queue hold.
            int total = 300;
            List<Long> got = new ArrayList<>();
            for (long seq = 1; seq <= total; seq++) {
                fixture.origin("default").publish(Message.text(payload(seq)));
                if (seq > WINDOW) {
                    got.add(nextSeq(reader));
                }
            }
            while (got.size() < total) {
                got.add(nextSeq(reader));
            }
            assertThat(got).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

            // Now the stalled client reads everything it was sent.
            List<JsonNode> envelopes = new ArrayList<>();
            long lastSeq = 0;
            while (lastSeq < total) {
                RawSocketClient.Frame frame = stalled.readFrame();
                assertThat(frame.opcode()).as("frame %s after %s", frame.opcode() == 8 ? "close " + frame.closeCode() + " "
                        + new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8) : "" + frame.opcode(),
                        envelopes.size() > 3 ? envelopes.subList(envelopes.size() - 3, envelopes.size()) : envelopes).isEqualTo(1);
                JsonNode envelope = EnvelopeClient.JSON.readTree(new String(frame.payload(), StandardCharsets.UTF_8));
                if (envelope.path("type").asText().equals("message")) {
                    lastSeq = Cursor.parse(envelope.path("cursor").asText()).seq();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) envelope).put("data", "");
                }
                envelopes.add(envelope);
            }
            checkMessagesAndGaps(envelopes);
            assertThat(envelopes).anySatisfy(e -> {
                assertThat(e.path("type").asText()).isEqualTo("gap");
                assertThat(e.path("cause").asText()).isEqualTo("overflow");
            });

            // Still attached, and served live.
            assertThat(ended()).isEmpty();
            assertThat(fixture.hub("default").portCount()).isEqualTo(2);
            fixture.origin("default").publish("live");
            JsonNode live;
            do {
                live = EnvelopeClient.JSON.readTree(new String(stalled.readFrame().payload(), StandardCharsets.UTF_8));
            } while (!live.path("type").asText().equals("message"));
            assertThat(live.path("data").asText()).isEqualTo("live");
            assertThat(Cursor.parse(live.path("cursor").asText()).seq()).isEqualTo(total + 1);
        }
    }

    /** Messages are consecutive except across a gap, whose after and next name the seam exactly. */
    private static void checkMessagesAndGaps(List<JsonNode> envelopes) {
        long previous = 0;
        JsonNode pendingGap = null;
        int gaps = 0;
        for (JsonNode e : envelopes) {
            switch (e.path("type").asText()) {
                case "gap" -> {
                    assertThat(Cursor.parse(e.path("after").asText()).seq()).as("gap %s after message %d", e, previous)
                            .isEqualTo(previous);
                    pendingGap = e;
                    gaps++;
                }
                case "message" -> {
                    long seq = Cursor.parse(e.path("cursor").asText()).seq();
                    if (pendingGap != null) {
                        assertThat(Cursor.parse(pendingGap.path("next").asText()).seq()).isEqualTo(seq);
                        assertThat(seq).isGreaterThan(previous + 1);
                        pendingGap = null;
                    } else {
                        assertThat(seq).as("message after %d with no gap", previous).isEqualTo(previous + 1);
                    }
                    previous = seq;
                }
                default -> assertThat(e.path("type").asText()).isIn("welcome", "status", "ping");
            }
        }
        System.out.println("stalled client with drop-oldest: " + gaps + " overflow gap(s) in " + envelopes.size() + " envelopes");
    }

    private static long nextSeq(EnvelopeClient client) throws InterruptedException {
        while (true) {
            JsonNode envelope = client.next();
            if (envelope.path("type").asText().equals("message")) {
                return Cursor.parse(envelope.path("cursor").asText()).seq();
            }
        }
    }

    private static long seqOf(String text) {
        return Long.parseLong(text.substring(0, text.indexOf(':')));
    }
}
