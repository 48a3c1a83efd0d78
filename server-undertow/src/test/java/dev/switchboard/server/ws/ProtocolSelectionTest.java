package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.Hubs;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import dev.switchboard.server.http.Routes;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A second protocol plugs in next to raw mode through {@link PortProtocols} alone, selected by
 * the subprotocol the client asks for: the way envelope mode will be added.
 */
class ProtocolSelectionTest {

    /** Upper-cases upstream text and announces the welcome: enough to tell it from raw mode. */
    private static final class ShoutProtocol implements PortProtocol {
        @Override
        public Optional<String> subprotocol() {
            return Optional.of("test.shout");
        }

        @Override
        public PortSession open(ClientHandshake handshake, ClientSocket socket) {
            return new PortSession() {
                @Override
                public AttachOptions attachOptions() {
                    return AttachOptions.live(handshake.remote());
                }

                @Override
                public void deliver(Downstream item, DeliveryCallback callback) {
                    if (item instanceof Downstream.Welcome) {
                        socket.send(Message.text("welcome to " + handshake.hub() + " via " + handshake.subprotocol()), callback);
                    } else if (item instanceof Downstream.Data data && data.message().isText()) {
                        socket.send(Message.text(data.message().text().toUpperCase(Locale.ROOT)), callback);
                    } else {
                        callback.delivered();
                    }
                }

                @Override
                public void ping() {
                    socket.ping();
                }

                @Override
                public void received(Message message, Port port) {
                    port.send(Message.text("shouted: " + message.text()));
                }
            };
        }
    }

    private InMemoryOrigin origin;
    private Hub hub;
    private Undertow server;
    private URI uri;

    @BeforeEach
    void start() {
        origin = ServerFixture.newOrigin();
        hub = Hubs.builder("default").upstream(origin.uri()).build();
        PortProtocols protocols = new PortProtocols(new RawProtocol(), List.of(new ShoutProtocol()));
        server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Routes.create(Map.of("default", hub), protocols, SocketSettings.withMaxMessageSize(1024),
                        new OpenConnections()))
                .build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        uri = URI.create("ws://127.0.0.1:" + port + "/hubs/default/ws");
    }

    @AfterEach
    void stop() {
        hub.close();
        server.stop();
        origin.close();
    }

    @Test
    void clientAskingForTheSubprotocolGetsThatProtocol() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("test.shout")
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        try {
            assertThat(socket.getSubprotocol()).isEqualTo("test.shout");
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("welcome to default via test.shout");
            await().atMost(TestClient.WAIT).until(() -> hub.upstreamState() == UpstreamState.OPEN && origin.connectionCount() == 1);

            origin.publish(Message.text("quiet"));
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("QUIET");

            socket.sendText("hi", true).get(10, TimeUnit.SECONDS);
            await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 1);
            assertThat(origin.received().get(0).text()).isEqualTo("shouted: hi");
        } finally {
            socket.abort();
        }
    }

    @Test
    void clientAskingForNoSubprotocolGetsRawMode() throws Exception {
        try (TestClient client = TestClient.connect(uri)) {
            await().atMost(TestClient.WAIT).until(() -> hub.portCount() == 1
                    && hub.upstreamState() == UpstreamState.OPEN && origin.connectionCount() == 1);

            origin.publish(Message.text("quiet"));

            assertThat(client.nextText()).isEqualTo("quiet");
        }
    }
}
