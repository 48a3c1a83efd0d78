package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.CloseCodes;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.RawSocketClient;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Envelope mode (subprotocol {@code switchboard.v1}) end to end, through real sockets, as docs/protocol.md says. */
class EnvelopeModeTest {

    private ServerFixture fixture;
    private final List<HubEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(java.util.function.Consumer<dev.switchboard.server.ServerConfig.Builder> customize) {
        fixture = ServerFixture.start(customize, "default");
        fixture.hub("default").addListener(events::add);
    }

    private InMemoryOrigin origin() {
        return fixture.origin("default");
    }

    /** Connects an envelope client and reads its welcome; waits until the upstream is open. */
    private EnvelopeClient attachReady(int ports) throws Exception {
        EnvelopeClient client = fixture.connectEnvelope("default");
        client.next("welcome");
        fixture.awaitReady("default", ports);
        return client;
    }

    /** The next envelope that is not a status change (the upstream opening is reported too). */
    private static JsonNode nextNotStatus(EnvelopeClient client) throws InterruptedException {
        while (true) {
            JsonNode envelope = client.next();
            if (!"status".equals(envelope.path("type").asText())) {
                return envelope;
            }
        }
    }

    @Test
    void handshakeAnswersWithTheSubprotocolAndTheWelcomeComesFirst() throws Exception {
        start(config -> { });
        EnvelopeClient client = fixture.connectEnvelope("default");

        assertThat(client.subprotocol()).isEqualTo("switchboard.v1");
        JsonNode welcome = client.next();
        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("hub").asText()).isEqualTo("default");
        assertThat(welcome.path("port").asText()).isNotEmpty();
        assertThat(fixture.hub("default").port(welcome.path("port").asText())).isPresent();
        assertThat(welcome.path("cursor").asText()).isEqualTo(fixture.hub("default").head().toString()).endsWith(":0");
        assertThat(welcome.path("heartbeat").asLong()).isEqualTo(15000);
        assertThat(UpstreamState.valueOf(welcome.path("state").asText())).isNotNull();
    }

    @Test
    void upstreamMessagesArriveInOrderWithCursorsBinaryAsBase64() throws Exception {
        start(config -> { });
        EnvelopeClient client = attachReady(1);
        byte[] bytes = {0, 1, 2, (byte) 0x80, (byte) 0xFF};
        String epoch = fixture.hub("default").head().epoch();

        origin().publish(Message.text("{\"symbol\":\"SWB\",\"price\":101.25}"));
        origin().publish(Message.binary(bytes));
        origin().publish(Message.text("héllo ✓").withEventId("evt-991").withEventType("greeting"));

        JsonNode first = nextNotStatus(client);
        assertThat(first.path("type").asText()).isEqualTo("message");
        assertThat(first.path("cursor").asText()).isEqualTo(epoch + ":1");
        assertThat(first.path("data").asText()).isEqualTo("{\"symbol\":\"SWB\",\"price\":101.25}");
        assertThat(first.has("encoding")).isFalse();
        JsonNode second = client.next("message");
        assertThat(second.path("cursor").asText()).isEqualTo(epoch + ":2");
        assertThat(second.path("encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(second.path("data").asText())).containsExactly(bytes);
        JsonNode third = client.next("message");
        assertThat(third.path("cursor").asText()).isEqualTo(epoch + ":3");
        assertThat(third.path("data").asText()).isEqualTo("héllo ✓");
        assertThat(third.path("id").asText()).isEqualTo("evt-991");
        assertThat(third.path("event").asText()).isEqualTo("greeting");
    }

    @Test
    void everyClientGetsTheSameEnvelopesInOrder() throws Exception {
        start(config -> { });
        List<EnvelopeClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EnvelopeClient client = fixture.connectEnvelope("default");
            client.next("welcome");
            clients.add(client);
        }
        fixture.awaitReady("default", 3);

        for (int i = 1; i <= 200; i++) {
            origin().publish("m" + i);
        }

        for (EnvelopeClient client : clients) {
            List<String> got = new ArrayList<>();
            JsonNode envelope = nextNotStatus(client);
            got.add(envelope.path("data").asText());
            for (int i = 2; i <= 200; i++) {
                got.add(client.next("message").path("data").asText());
            }
            assertThat(got).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, 200).mapToObj(i -> "m" + i).toList());
        }
    }

    @Test
    void statusEnvelopesFollowTheUpstreamDownAndBack() throws Exception {
        start(config -> config.settings(s -> s.backoff(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(60))));
        EnvelopeClient client = attachReady(1);
        // The first connect is reported too: read up to OPEN.
        client.until(e -> "status".equals(e.path("type").asText()) && "OPEN".equals(e.path("state").asText()));
        int attempts = origin().requests().size();

        origin().refuseConnections(true);
        origin().dropConnections();
        await().atMost(TestClient.WAIT).until(() -> origin().requests().size() >= attempts + 2);
        origin().refuseConnections(false);

        List<JsonNode> statuses = client.until(e -> "OPEN".equals(e.path("state").asText()));
        List<String> states = statuses.stream().map(e -> e.path("type").asText() + ":" + e.path("state").asText()).toList();
        assertThat(states).allMatch(s -> s.startsWith("status:"));
        assertThat(states.get(0)).isEqualTo("status:BACKOFF");
        assertThat(states).contains("status:CONNECTING").last().isEqualTo("status:OPEN");
        for (int i = 1; i < states.size(); i++) {
            String previous = states.get(i - 1);
            String now = states.get(i);
            if (previous.equals("status:BACKOFF")) {
                assertThat(now).as("after " + previous).isEqualTo("status:CONNECTING");
            } else {
                assertThat(now).as("after " + previous).isIn("status:BACKOFF", "status:OPEN");
            }
        }
        assertThat(statuses.get(0).path("detail").asText()).contains("retry");
    }

    @Test
    void sendWithIdIsAcknowledgedAndReachesTheUpstream() throws Exception {
        start(config -> { });
        EnvelopeClient client = attachReady(1);

        client.send("{\"type\":\"send\",\"data\":\"{\\\"buy\\\":1}\",\"id\":\"c-17\"}");
        client.send("{\"type\":\"send\",\"data\":\"AAECAw==\",\"encoding\":\"base64\"}");
        client.send("{\"type\":\"send\",\"data\":\"numbered\",\"id\":42}");

        JsonNode ack = nextNotStatus(client);
        assertThat(ack.toString()).isEqualTo("{\"type\":\"ack\",\"ref\":\"c-17\",\"status\":\"sent\"}");
        // The send without an id is answered with nothing: the next reply is the third send's.
        assertThat(client.next("ack").path("ref").asText()).isEqualTo("42");
        await().atMost(TestClient.WAIT).until(() -> origin().received().size() == 3);
        List<Message> received = origin().received();
        assertThat(received.get(0).text()).isEqualTo("{\"buy\":1}");
        assertThat(received.get(1).toByteArray()).containsExactly(0, 1, 2, 3);
        assertThat(received.get(2).text()).isEqualTo("numbered");
    }

    @Test
    void sendsWhileTheUpstreamIsDownAreQueuedThenDeliveredInOrder() throws Exception {
        start(config -> config.settings(s -> s.backoff(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(60))));
        EnvelopeClient client = attachReady(1);
        origin().refuseConnections(true);
        origin().dropConnections();
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").upstreamState() != UpstreamState.OPEN);

        for (int i = 1; i <= 3; i++) {
            client.send("{\"type\":\"send\",\"data\":\"queued-" + i + "\",\"id\":\"q-" + i + "\"}");
        }
        List<JsonNode> acks = new ArrayList<>();
        while (acks.size() < 3) {
            JsonNode envelope = client.next();
            if ("ack".equals(envelope.path("type").asText())) {
                acks.add(envelope);
            }
        }
        assertThat(acks).extracting(a -> a.path("ref").asText()).containsExactly("q-1", "q-2", "q-3");
        assertThat(acks).allSatisfy(a -> {
            assertThat(a.path("status").asText()).isEqualTo("queued");
            assertThat(a.path("detail").asText()).contains("after it reconnects");
        });
        assertThat(origin().received()).isEmpty();

        origin().refuseConnections(false);

        await().atMost(TestClient.WAIT).until(() -> origin().received().size() == 3);
        assertThat(origin().received()).extracting(Message::text).containsExactly("queued-1", "queued-2", "queued-3");
    }

    @Test
    void aFullUpstreamQueueIsReportedWithTheRefAndTheConnectionCarriesOn() throws Exception {
        start(config -> config.settings(s -> s.backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60))
                .upstreamQueue(2)));
        EnvelopeClient client = attachReady(1);
        origin().refuseConnections(true);
        origin().dropConnections();
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").upstreamState() == UpstreamState.BACKOFF);

        for (int i = 1; i <= 4; i++) {
            client.send("{\"type\":\"send\",\"data\":\"m" + i + "\",\"id\":\"c-" + i + "\"}");
        }
        client.send("{\"type\":\"send\",\"data\":\"m5\"}");

        List<JsonNode> replies = new ArrayList<>();
        while (replies.size() < 5) {
            JsonNode envelope = client.next();
            if (!"status".equals(envelope.path("type").asText())) {
                replies.add(envelope);
            }
        }
        assertThat(replies.get(0).path("status").asText()).isEqualTo("queued");
        assertThat(replies.get(1).path("status").asText()).isEqualTo("queued");
        for (int i = 2; i < 4; i++) {
            JsonNode error = replies.get(i);
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("upstream-rejected");
            assertThat(error.path("ref").asText()).isEqualTo("c-" + (i + 1));
            assertThat(error.path("message").asText()).contains("queue is full");
        }
        // A refused send without an id is still reported, just without a ref.
        assertThat(replies.get(4).path("code").asText()).isEqualTo("upstream-rejected");
        assertThat(replies.get(4).has("ref")).isFalse();

        // Still attached, still served.
        assertThat(client.isClosed()).isFalse();
        assertThat(fixture.hub("default").portCount()).isEqualTo(1);
        client.send("{\"type\":\"pong\"}");
        assertThat(events).noneMatch(e -> e instanceof HubEvent.PortEnded);
    }

    @Test
    void disconnectEndsThePortWithDisconnectAndClosesWith1000() throws Exception {
        start(config -> { });
        EnvelopeClient leaving = attachReady(1);
        EnvelopeClient staying = fixture.connectEnvelope("default");
        staying.next("welcome");
        fixture.awaitReady("default", 2);

        leaving.send("{\"type\":\"disconnect\"}");

        assertThat(leaving.awaitClose().code()).isEqualTo(CloseCodes.NORMAL);
        await().atMost(TestClient.WAIT).until(() -> events.stream().anyMatch(e -> e instanceof HubEvent.PortEnded));
        List<HubEvent.PortEnded> ended = events.stream().filter(e -> e instanceof HubEvent.PortEnded)
                .map(e -> (HubEvent.PortEnded) e).toList();
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).end().reason()).isEqualTo(EndReason.DISCONNECT);
        origin().publish("after");
        assertThat(nextNotStatus(staying).path("data").asText()).isEqualTo("after");
    }

    @Test
    void unusableFramesAreAnsweredWithErrorsAndNothingElseChanges() throws Exception {
        start(config -> { });
        EnvelopeClient client = attachReady(1);
        EnvelopeClient other = fixture.connectEnvelope("default");
        other.next("welcome");
        fixture.awaitReady("default", 2);

        client.sendBinary(new byte[] {1, 2, 3});
        client.send("hello");
        client.send("[1,2]");
        client.send("{\"data\":\"x\"}");
        client.send("{\"type\":\"subscribe\"}");
        client.send("{\"type\":\"send\",\"id\":\"c-1\"}");
        client.send("{\"type\":\"send\",\"data\":\"@@\",\"encoding\":\"base64\",\"id\":\"c-2\"}");
        client.send("{\"type\":\"send\",\"data\":\"x\",\"encoding\":\"hex\"}");
        client.send("{\"type\":\"send\",\"data\":{\"a\":1},\"id\":\"c-3\"}");
        client.send("{\"type\":\"pong\"}");
        client.send("{\"type\":\"send\",\"data\":\"fine\",\"id\":\"c-4\"}");

        List<JsonNode> replies = new ArrayList<>();
        while (replies.size() < 10) {
            JsonNode envelope = client.next();
            if (!"status".equals(envelope.path("type").asText())) {
                replies.add(envelope);
            }
        }
        assertThat(replies).extracting(r -> r.path("type").asText() + " " + r.path("code").asText("") + " "
                        + r.path("ref").asText(""))
                .containsExactly(
                        "error binary-frame ",
                        "error bad-json ",
                        "error bad-json ",
                        "error bad-envelope ",
                        "error bad-envelope ",
                        "error missing-data c-1",
                        "error bad-encoding c-2",
                        "error bad-encoding ",
                        "error bad-envelope c-3",
                        "ack  c-4");
        assertThat(replies.subList(0, 9)).allSatisfy(r -> assertThat(r.path("message").asText()).isNotBlank());
        await().atMost(TestClient.WAIT).until(() -> origin().received().size() == 1);
        assertThat(origin().received().get(0).text()).isEqualTo("fine");

        assertThat(client.isClosed()).isFalse();
        origin().publish("still served");
        assertThat(client.next("message").path("data").asText()).isEqualTo("still served");
        assertThat(nextNotStatus(other).path("data").asText()).isEqualTo("still served");
        assertThat(events).noneMatch(e -> e instanceof HubEvent.PortEnded);
    }

    @Test
    void pingEnvelopesAreSentAndPongsKeepTheClientAttached() throws Exception {
        // A timeout of ten heartbeats: the test is about pongs counting as life, not about a loaded
        // machine answering within 400ms (which once failed it with the load average at 16).
        start(config -> config.settings(s -> s.portHeartbeat(Duration.ofMillis(150), Duration.ofMillis(1500))));
        EnvelopeClient client = attachReady(1);

        // The client answers each ping envelope with a pong, and sends nothing else: well past the timeout, it is still attached.
        await().during(Duration.ofMillis(2400)).atMost(Duration.ofSeconds(10))
                .until(() -> fixture.hub("default").portCount() == 1 && !client.isClosed());
        assertThat(client.pings()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aClientThatAnswersNothingTimesOutWith1001() throws Exception {
        start(config -> config.settings(s -> s.portHeartbeat(Duration.ofMillis(100), Duration.ofMillis(400))));
        EnvelopeClient client = fixture.connectEnvelope("default");
        client.autoPong(false);
        client.next("welcome");

        TestClient.Closed closed = client.awaitClose();

        assertThat(closed.code()).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(client.pings()).isGreaterThanOrEqualTo(3);
        await().atMost(TestClient.WAIT).until(() -> events.stream().anyMatch(e -> e instanceof HubEvent.PortEnded));
        assertThat(events.stream().filter(e -> e instanceof HubEvent.PortEnded)
                .map(e -> ((HubEvent.PortEnded) e).end().reason()).collect(Collectors.toList()))
                .containsExactly(EndReason.TIMEOUT);
    }

    @Test
    void aClientProvokingRepliesWithoutReadingThemIsClosedWith1008() throws Exception {
        start(config -> { });
        EnvelopeClient other = attachReady(1);
        // Never reads, and its receive buffer is tiny: the server's replies back up quickly, reading
        // pauses, and after the reply deadline (5 s) the client is ended.
        try (RawSocketClient spammer = RawSocketClient.connect(fixture.uri("default"), "switchboard.v1", 4096)) {
            assertThat(spammer.handshakeResponse()).containsIgnoringCase("Sec-WebSocket-Protocol: switchboard.v1");
            await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 2);

            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        for (int i = 0; i < 200; i++) {
                            spammer.writeText("not json");
                        }
                        spammer.flush();
                    }
                } catch (java.io.IOException closedUnderUs) {
                    // the server may drop the connection while we still write
                }
            }, "spammer");
            writer.setDaemon(true);
            writer.start();
            try {
                await().atMost(TestClient.WAIT).until(() -> events.stream().anyMatch(e -> e instanceof HubEvent.PortEnded));
            } finally {
                stop.set(true);
            }
            List<HubEvent.PortEnded> ended = events.stream().filter(e -> e instanceof HubEvent.PortEnded)
                    .map(e -> (HubEvent.PortEnded) e).toList();
            assertThat(ended).hasSize(1);
            assertThat(ended.get(0).end().reason()).isEqualTo(EndReason.SLOW);
            assertThat(ended.get(0).end().detail()).contains("does not read its replies");
            // Reading now: the errors that were written, then the close frame that says why.
            RawSocketClient.Frame frame;
            do {
                frame = spammer.readFrame();
            } while (frame.opcode() != 0x8);
            assertThat(frame.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            // Only now: the writer may be blocked on a full TCP window until the frames above are read.
            writer.join(TestClient.WAIT.toMillis());
        }
        origin().publish("others carry on");
        assertThat(nextNotStatus(other).path("data").asText()).isEqualTo("others carry on");
    }
}
