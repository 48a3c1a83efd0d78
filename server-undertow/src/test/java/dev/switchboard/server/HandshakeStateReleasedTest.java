package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Message;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.Hubs;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.server.http.RequestLimits;
import dev.switchboard.server.http.Routes;
import dev.switchboard.server.security.SecurityConfig;
import dev.switchboard.server.ws.OpenConnections;
import dev.switchboard.server.ws.PortProtocols;
import dev.switchboard.server.ws.SocketSettings;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.RawSocketClient;
import dev.switchboard.testsupport.TestClient;
import io.undertow.server.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An attached, idle WebSocket port keeps nothing of its handshake: the request's exchange, its
 * header map and Undertow's HTTP connection object become garbage once the port is attached,
 * while the connection stays open, delivers, and still ends its port when it closes. Undertow's
 * default upgrade listener holds the exchange for the life of the socket (in its HTTP connection
 * object), about 2.3 KB an idle port, and its open listener holds the HTTP connection object
 * (about 800 B) until the socket closes; should an Undertow upgrade start to keep either some other
 * way, this test fails.
 *
 * <p>The server is set up as the packaged one is where it matters (its listener with the same
 * options, whose request timeouts give each connection a parse-timeout listener, the request limits
 * and the routes, both protocols); a
 * recording handler in front keeps weak references to what each handshake was made of.
 */
class HandshakeStateReleasedTest {

    private static final Duration GC_DEADLINE = Duration.ofSeconds(20);

    private final List<WeakReference<Object>> handshakeState = new CopyOnWriteArrayList<>();
    private InMemoryOrigin origin;
    private Hub hub;
    private Listener server;
    private String base;

    @BeforeEach
    void start() {
        origin = ServerFixture.newOrigin();
        hub = Hubs.builder("default").upstream(origin.uri()).build();
        HttpHandler routes = new RequestLimits(Routes.create(Map.of("default", hub), PortProtocols.standard(),
                SocketSettings.withMaxMessageSize(64 * 1024), new OpenConnections()));
        HttpHandler recording = exchange -> {
            handshakeState.add(new WeakReference<>(exchange));
            handshakeState.add(new WeakReference<>(exchange.getRequestHeaders()));
            handshakeState.add(new WeakReference<>(exchange.getQueryParameters()));
            // Undertow's HTTP/1.1 connection object, with its parser state and parse-timeout timer.
            handshakeState.add(new WeakReference<>(exchange.getConnection()));
            routes.handleRequest(exchange);
        };
        server = new Listener(new ListenAddress("127.0.0.1", 0), Optional.empty(), recording,
                ServerModule.listenerOptions(SecurityConfig.defaults()), 2);
        int port = server.start().getPort();
        base = "ws://127.0.0.1:" + port + "/hubs/default/ws";
    }

    @AfterEach
    void stop() {
        hub.close();
        server.stop();
        origin.close();
    }

    @Test
    void rawPortKeepsNoHandshakeStateOnceAttached() throws Exception {
        try (TestClient client = TestClient.connect(URI.create(base + "?client=raw-test&note=" + "x".repeat(200)))) {
            awaitAttached();

            awaitHandshakeStateCollected();

            origin.publish(Message.text("still here"));
            assertThat(client.nextText()).isEqualTo("still here");
        }
    }

    @Test
    void envelopePortKeepsNoHandshakeStateOnceAttached() throws Exception {
        try (EnvelopeClient client = EnvelopeClient.connect(URI.create(base + "?client=envelope-test"), null)) {
            client.next("welcome");
            awaitAttached();

            awaitHandshakeStateCollected();

            origin.publish(Message.text("still here"));
            // Status envelopes (the upstream connecting, then open) may come first.
            List<JsonNode> received = client.until(envelope -> envelope.path("type").asText().equals("message"));
            assertThat(received.get(received.size() - 1).path("data").asText()).isEqualTo("still here");
        }
    }

    @Test
    void aReleasedConnectionStillEndsItsPortWhenTheClientCloses() throws Exception {
        try (TestClient client = TestClient.connect(URI.create(base + "?client=closing"))) {
            awaitAttached();
            awaitHandshakeStateCollected();
        }
        await().atMost(TestClient.WAIT).alias("the port to end after the client's close handshake")
                .until(() -> hub.portCount() == 0);
    }

    @Test
    void aReleasedConnectionStillEndsItsPortWhenTheSocketDropsWithoutAClose() throws Exception {
        RawSocketClient client = RawSocketClient.connect(URI.create(base + "?client=dropping"));
        awaitAttached();
        awaitHandshakeStateCollected();

        client.close(); // TCP close, no close frame

        await().atMost(TestClient.WAIT).alias("the port to end after its socket dropped")
                .until(() -> hub.portCount() == 0);
    }

    @Test
    void aFrameSentWithTheHandshakeIsStillRead() throws Exception {
        try (TestClient first = TestClient.connect(URI.create(base + "?client=first"))) {
            awaitAttached();
            try (Socket socket = new Socket("127.0.0.1", URI.create(base).getPort())) {
                socket.setSoTimeout((int) TestClient.WAIT.toMillis());
                // The request and a masked text frame in one write: the frame's bytes reach the server with
                // the handshake's, so Undertow holds them in the HTTP connection when the upgrade completes.
                byte[] request = ("GET /hubs/default/ws?client=eager HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] payload = "sent with the handshake".getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream both = new ByteArrayOutputStream();
                both.write(request);
                both.write(0x81);
                both.write(0x80 | payload.length);
                both.write(new byte[4]); // a zero masking key leaves the payload as written
                both.write(payload);
                socket.getOutputStream().write(both.toByteArray());
                socket.getOutputStream().flush();

                await().atMost(TestClient.WAIT).alias("the frame sent with the handshake to reach the origin")
                        .until(() -> origin.received().stream()
                                .anyMatch(message -> message.isText() && message.text().equals("sent with the handshake")));
                assertThat(hub.portCount()).isEqualTo(2);
            }
        }
    }

    private void awaitAttached() {
        await().atMost(TestClient.WAIT).until(() -> hub.portCount() == 1
                && hub.upstreamState() == UpstreamState.OPEN && origin.connectionCount() == 1);
        assertThat(handshakeState).as("the recording handler saw the handshake").isNotEmpty();
    }

    /** Collects garbage until every recorded piece of handshake state is gone, or fails at the deadline. */
    private void awaitHandshakeStateCollected() {
        await().atMost(GC_DEADLINE)
                .pollInterval(Duration.ofMillis(100))
                .alias("the handshake's exchange, request headers, query parameters and HTTP connection to be garbage-collected"
                        + " while the port is attached")
                .until(() -> {
                    System.gc();
                    return handshakeState.stream().allMatch(reference -> reference.get() == null);
                });
        assertThat(hub.portCount()).as("the port is still attached").isEqualTo(1);
    }
}
