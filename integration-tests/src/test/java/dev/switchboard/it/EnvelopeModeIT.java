package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Hub;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.WebSocketOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Envelope mode end to end against a real WebSocket origin through the real WebSocket transport:
 * what a client sees while the origin dies and comes back, the on-connect frames and the sends
 * that waited, and a resume across two connections.
 */
class EnvelopeModeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBSCRIBE = "{\"subscribe\":\"prices\"}";

    private final List<EnvelopeClient> clients = new ArrayList<>();
    private WebSocketOrigin origin;
    private SwitchboardServer server;
    private Hub hub;

    @BeforeEach
    void start() throws Exception {
        origin = WebSocketOrigin.start();
        server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", 0)
                .hub("default", origin.uri())
                .settings(s -> s.backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60))
                        .onConnect(SUBSCRIBE).upstreamQueue(4))
                .build()).start();
        hub = server.hubs().find("default").orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(EnvelopeClient::close);
        server.stop();
        origin.close();
    }

    @Test
    void theOriginDyingAndComingBackIsShownAndQueuedSendsFollowTheOnConnectFrames() throws Exception {
        EnvelopeClient client = connect(null);
        assertThat(client.subprotocol()).isEqualTo("switchboard.v1");
        client.next("welcome");
        untilState(client, "OPEN");
        await().atMost(WAIT).until(() -> origin.received().all().size() == 1);
        assertThat(origin.received().all()).containsExactly(SUBSCRIBE);
        origin.publish("before");
        JsonNode before = client.next("message");

        origin.kill();
        assertThat(client.next("status").path("state").asText()).isEqualTo("BACKOFF");
        client.send("{\"type\":\"send\",\"data\":\"waited-1\",\"id\":\"w-1\"}");
        client.send("{\"type\":\"send\",\"data\":\"waited-2\",\"id\":\"w-2\"}");
        List<JsonNode> acks = new ArrayList<>();
        List<String> states = new ArrayList<>();
        while (acks.size() < 2) {
            JsonNode envelope = client.next();
            if (envelope.path("type").asText().equals("ack")) {
                acks.add(envelope);
            } else {
                states.add(envelope.path("state").asText());
            }
        }
        assertThat(acks).extracting(a -> a.path("ref").asText() + " " + a.path("status").asText())
                .containsExactly("w-1 queued", "w-2 queued");
        origin.restart();
        states.addAll(untilState(client, "OPEN"));

        assertThat(states).contains("CONNECTING").endsWith("OPEN").doesNotContain("IDLE", "LINGERING");
        // After the reconnect: the on-connect frame again, then what waited, in order.
        // untilAsserted, so that a timeout shows what the origin did receive.
        await().atMost(WAIT).untilAsserted(() -> assertThat(origin.received().all())
                .containsExactly(SUBSCRIBE, SUBSCRIBE, "waited-1", "waited-2"));
        origin.publish("after");
        JsonNode after = client.next("message");
        assertThat(Cursor.parse(after.path("cursor").asText()))
                .isEqualTo(Cursor.parse(before.path("cursor").asText()).next());
        assertThat(hub.portCount()).isEqualTo(1);
    }

    @Test
    void aClientThatLeavesAndComesBackWithItsCursorMissesNothing() throws Exception {
        EnvelopeClient first = connect(null);
        first.next("welcome");
        untilState(first, "OPEN");
        for (int i = 1; i <= 50; i++) {
            origin.publish("m" + i);
        }
        String cursor = null;
        for (int i = 1; i <= 50; i++) {
            JsonNode message = first.next("message");
            assertThat(message.path("data").asText()).isEqualTo("m" + i);
            cursor = message.path("cursor").asText();
        }
        first.send("{\"type\":\"disconnect\"}");
        assertThat(first.awaitClose().code()).isEqualTo(1000);
        await().atMost(WAIT).until(() -> hub.portCount() == 0 && hub.upstreamState() == UpstreamState.LINGERING);
        for (int i = 51; i <= 100; i++) {
            origin.publish("m" + i);
        }
        await().atMost(WAIT).until(() -> hub.head().seq() == 100);

        EnvelopeClient second = connect(cursor);
        second.next("welcome");
        List<String> got = new ArrayList<>();
        while (got.size() < 50) {
            JsonNode envelope = second.next();
            if (envelope.path("type").asText().equals("message")) {
                got.add(envelope.path("data").asText());
            } else {
                assertThat(envelope.path("type").asText()).as(envelope.toString()).isEqualTo("status");
            }
        }
        origin.publish("live");

        assertThat(got).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(51, 100).mapToObj(i -> "m" + i).toList());
        JsonNode live;
        do {
            live = second.next();
        } while (!live.path("type").asText().equals("message"));
        assertThat(live.path("data").asText()).isEqualTo("live");
    }

    private EnvelopeClient connect(String since) throws Exception {
        EnvelopeClient client = EnvelopeClient.connect(server.hubUri("default"), since);
        clients.add(client);
        return client;
    }

    /** The states of the status envelopes up to and including {@code state}; nothing else may come between. */
    private static List<String> untilState(EnvelopeClient client, String state) throws InterruptedException {
        List<String> states = new ArrayList<>();
        while (true) {
            String seen = client.next("status").path("state").asText();
            states.add(seen);
            if (state.equals(seen)) {
                return states;
            }
        }
    }
}
