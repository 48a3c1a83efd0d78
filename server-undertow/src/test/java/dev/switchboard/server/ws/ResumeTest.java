package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Message;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.server.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Resuming with {@code ?since=CURSOR}: no duplicate and no hole at the seam, or an explicit gap. */
class ResumeTest {

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private InMemoryOrigin origin() {
        return fixture.origin("default");
    }

    /** The next {@code message} envelope, skipping status changes. */
    private static JsonNode nextMessage(EnvelopeClient client) throws InterruptedException {
        while (true) {
            JsonNode envelope = client.next();
            String type = envelope.path("type").asText();
            if (type.equals("message")) {
                return envelope;
            }
            assertThat(type).as("unexpected envelope " + envelope).isEqualTo("status");
        }
    }

    private static long seq(JsonNode message) {
        return Cursor.parse(message.path("cursor").asText()).seq();
    }

    @Test
    void aClientResumingWhileTheOriginPublishesFastMissesNothingAndSeesNothingTwice() throws Exception {
        // The replay buffer holds far more than the publisher can get ahead by (its window below).
        fixture = ServerFixture.start(config -> config.settings(HubSettings.builder()
                .replay(50_000, Duration.ofMinutes(5)).portQueue(100_000).build()), "default");
        EnvelopeClient first = fixture.connectEnvelope("default");
        first.next("welcome");
        fixture.awaitReady("default", 1);

        // The publisher runs on its own thread the whole time, before, during and after the reattach.
        // It stays at most WINDOW messages ahead of what the current client has processed, so that
        // neither the port queue nor the replay buffer can overflow, however the threads are scheduled.
        final long window = 5_000;
        AtomicLong published = new AtomicLong();
        AtomicLong processed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> publisherFailure = new AtomicReference<>();
        Thread publisher = new Thread(() -> {
            try {
                while (!stop.get()) {
                    if (published.get() - processed.get() >= window) {
                        Thread.onSpinWait();
                        continue;
                    }
                    origin().publish(Message.text("n" + published.incrementAndGet()));
                }
            } catch (Throwable t) {
                publisherFailure.set(t);
            }
        }, "publisher");
        publisher.setDaemon(true);
        publisher.start();

        List<Long> seen = new ArrayList<>();
        try {
            // The first connection processes 3000 messages, then drops without a goodbye.
            JsonNode last = null;
            while (seen.size() < 3_000) {
                last = nextMessage(first);
                seen.add(seq(last));
                processed.set(seq(last));
            }
            first.abort();
            String cursor = last.path("cursor").asText();

            // The second connection resumes from the last cursor processed, while publishing goes on.
            EnvelopeClient second = fixture.connectEnvelope("default", cursor);
            JsonNode welcome = second.next("welcome");
            long headAtAttach = Cursor.parse(welcome.path("cursor").asText()).seq();
            while (seen.size() < headAtAttach + 3_000) {
                JsonNode message = nextMessage(second);
                seen.add(seq(message));
                processed.set(seq(message));
            }
            stop.set(true);
            publisher.join(10_000);
            long total = published.get();
            while (seen.size() < total) {
                seen.add(seq(nextMessage(second)));
            }

            assertThat(publisherFailure.get()).isNull();
            // Messages were published between the drop and the reattach (replayed), and after it (live).
            assertThat(headAtAttach).isGreaterThan(3_000);
            assertThat(total).isGreaterThan(headAtAttach);
            assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(second.hasEnvelope()).isFalse();
        } finally {
            stop.set(true);
        }
    }

    @Test
    void resumingFromTheNewestCursorReplaysNothingAndGoesLive() throws Exception {
        fixture = ServerFixture.start("default");
        EnvelopeClient first = fixture.connectEnvelope("default");
        first.next("welcome");
        fixture.awaitReady("default", 1);
        origin().publish("one");
        String cursor = nextMessage(first).path("cursor").asText();

        EnvelopeClient second = fixture.connectEnvelope("default", cursor);
        assertThat(second.next("welcome").path("cursor").asText()).isEqualTo(cursor);
        origin().publish("two");

        JsonNode next = nextMessage(second);
        assertThat(next.path("data").asText()).isEqualTo("two");
        assertThat(seq(next)).isEqualTo(Cursor.parse(cursor).seq() + 1);
    }

    @Test
    void aCursorTheBufferNoLongerHoldsGetsAnExpiredGapThenWhatIsLeft() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(HubSettings.builder()
                .replay(5, Duration.ofMinutes(5)).build()), "default");
        EnvelopeClient first = fixture.connectEnvelope("default");
        first.next("welcome");
        fixture.awaitReady("default", 1);
        for (int i = 1; i <= 20; i++) {
            origin().publish("m" + i);
        }
        String cursor = nextMessage(first).path("cursor").asText(); // seq 1
        String epoch = Cursor.parse(cursor).epoch();
        for (int i = 2; i <= 20; i++) {
            nextMessage(first); // all published before the resume
        }

        EnvelopeClient second = fixture.connectEnvelope("default", cursor);

        second.next("welcome");
        JsonNode gap = second.next("gap");
        assertThat(gap.path("after").asText()).isEqualTo(epoch + ":1");
        assertThat(gap.path("next").asText()).isEqualTo(epoch + ":16");
        assertThat(gap.path("cause").asText()).isEqualTo("expired");
        List<String> replayed = new ArrayList<>();
        for (int i = 16; i <= 20; i++) {
            replayed.add(second.next("message").path("data").asText());
        }
        assertThat(replayed).containsExactly("m16", "m17", "m18", "m19", "m20");
        origin().publish("live");
        assertThat(nextMessage(second).path("data").asText()).isEqualTo("live");
    }

    @Test
    void aCursorFromAnotherEpochGetsAnUnknownCursorGapThenLive() throws Exception {
        fixture = ServerFixture.start("default");
        EnvelopeClient first = fixture.connectEnvelope("default");
        first.next("welcome");
        fixture.awaitReady("default", 1);
        origin().publish("before");
        nextMessage(first);

        EnvelopeClient second = fixture.connectEnvelope("default", "anotherepoch:7");

        JsonNode welcome = second.next("welcome");
        Cursor head = Cursor.parse(welcome.path("cursor").asText());
        JsonNode gap = second.next("gap");
        assertThat(gap.path("after").asText()).isEqualTo("anotherepoch:7");
        assertThat(gap.path("next").asText()).isEqualTo(head.next().toString());
        assertThat(gap.path("cause").asText()).isEqualTo("unknown-cursor");
        origin().publish("live");
        JsonNode live = nextMessage(second);
        assertThat(live.path("data").asText()).isEqualTo("live");
        assertThat(live.path("cursor").asText()).isEqualTo(head.next().toString());
    }

    @Test
    void aCursorBeyondTheNewestMessageGetsAnUnknownCursorGap() throws Exception {
        fixture = ServerFixture.start("default");
        String epoch = fixture.hub("default").head().epoch();

        EnvelopeClient client = fixture.connectEnvelope("default", epoch + ":99");

        client.next("welcome");
        JsonNode gap = client.next("gap");
        assertThat(gap.path("cause").asText()).isEqualTo("unknown-cursor");
        assertThat(gap.path("next").asText()).isEqualTo(epoch + ":1");
    }

    @Test
    void aBadCursorIsAnErrorRightAfterTheWelcomeAndThePortIsLive() throws Exception {
        fixture = ServerFixture.start("default");

        EnvelopeClient client = fixture.connectEnvelope("default", "not-a-cursor");

        client.next("welcome");
        JsonNode error = client.next();
        if (!error.path("type").asText().equals("error")) {
            List<JsonNode> more = new ArrayList<>(List.of(error));
            while (client.hasEnvelope() || more.size() < 3) {
                more.add(client.next());
            }
            throw new AssertionError("expected the bad-cursor error right after the welcome, got " + more);
        }
        assertThat(error.path("code").asText()).isEqualTo("bad-cursor");
        assertThat(error.path("message").asText()).contains("not-a-cursor").contains("EPOCH:SEQ").contains("live");
        assertThat(error.has("ref")).isFalse();
        fixture.awaitReady("default", 1);
        origin().publish("live");
        assertThat(nextMessage(client).path("data").asText()).isEqualTo("live");
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void anEmptySinceMeansLiveOnly() throws Exception {
        fixture = ServerFixture.start("default");

        EnvelopeClient client = fixture.connectEnvelope("default", "");

        client.next("welcome");
        fixture.awaitReady("default", 1);
        origin().publish("live");
        assertThat(nextMessage(client).path("data").asText()).isEqualTo("live");
    }
}
