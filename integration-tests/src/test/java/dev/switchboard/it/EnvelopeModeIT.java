package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Hub;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIBE = "{\"subscribe\":\"prices\"}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Envelopes> clients = new ArrayList<>();
    private LoopbackOrigin origin;
    private SwitchboardServer server;
    private Hub hub;

    @BeforeEach
    void start() throws Exception {
        origin = LoopbackOrigin.start();
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
        clients.forEach(Envelopes::close);
        server.stop();
        origin.close();
    }

    @Test
    void theOriginDyingAndComingBackIsShownAndQueuedSendsFollowTheOnConnectFrames() throws Exception {
        Envelopes client = connect(null);
        assertThat(client.socket.getSubprotocol()).isEqualTo("switchboard.v1");
        client.next("welcome");
        client.untilState("OPEN");
        await().atMost(WAIT).until(() -> origin.received().size() == 1);
        assertThat(origin.received()).containsExactly(SUBSCRIBE);
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
        states.addAll(client.untilState("OPEN"));

        assertThat(states).contains("CONNECTING").endsWith("OPEN").doesNotContain("IDLE", "LINGERING");
        // After the reconnect: the on-connect frame again, then what waited, in order.
        await().atMost(WAIT).until(() -> origin.received().size() == 4);
        assertThat(origin.received()).containsExactly(SUBSCRIBE, SUBSCRIBE, "waited-1", "waited-2");
        origin.publish("after");
        JsonNode after = client.next("message");
        assertThat(Cursor.parse(after.path("cursor").asText()))
                .isEqualTo(Cursor.parse(before.path("cursor").asText()).next());
        assertThat(hub.portCount()).isEqualTo(1);
    }

    @Test
    void aClientThatLeavesAndComesBackWithItsCursorMissesNothing() throws Exception {
        Envelopes first = connect(null);
        first.next("welcome");
        first.untilState("OPEN");
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
        assertThat(first.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1000);
        await().atMost(WAIT).until(() -> hub.portCount() == 0 && hub.upstreamState() == UpstreamState.LINGERING);
        for (int i = 51; i <= 100; i++) {
            origin.publish("m" + i);
        }
        await().atMost(WAIT).until(() -> hub.head().seq() == 100);

        Envelopes second = connect(cursor);
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

    private Envelopes connect(String since) throws Exception {
        URI uri = server.hubUri("default");
        if (since != null) {
            uri = URI.create(uri + "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        }
        Envelopes client = new Envelopes();
        client.socket = http.newWebSocketBuilder().subprotocols("switchboard.v1").connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        clients.add(client);
        return client;
    }

    /** Records envelopes; answers ping with pong. */
    private static final class Envelopes implements WebSocket.Listener {
        final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder text = new StringBuilder();
        volatile WebSocket socket;
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode envelope = JSON.readTree(text.toString());
                    if (envelope.path("type").asText().equals("ping")) {
                        sendAsync("{\"type\":\"pong\"}");
                    } else {
                        received.add(envelope);
                    }
                } catch (Exception e) {
                    received.add(JSON.getNodeFactory().textNode("not JSON: " + text));
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        synchronized CompletableFuture<?> sendAsync(String frame) {
            sending = sending.handle((r, e) -> null).thenCompose(ignored -> socket.sendText(frame, true));
            return sending;
        }

        void send(String frame) throws Exception {
            sendAsync(frame).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        JsonNode next() throws InterruptedException {
            JsonNode envelope = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(envelope).as("an envelope within " + WAIT).isNotNull();
            return envelope;
        }

        JsonNode next(String type) throws InterruptedException {
            JsonNode envelope = next();
            assertThat(envelope.path("type").asText()).as(envelope.toString()).isEqualTo(type);
            return envelope;
        }

        /** The states of the status envelopes up to and including {@code state}; nothing else may come between. */
        List<String> untilState(String state) throws InterruptedException {
            List<String> states = new ArrayList<>();
            while (true) {
                JsonNode envelope = next("status");
                states.add(envelope.path("state").asText());
                if (state.equals(envelope.path("state").asText())) {
                    return states;
                }
            }
        }

        void close() {
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }
}
