package dev.switchboard.it.browser;

import dev.switchboard.api.Hub;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;

/**
 * The real Switchboard server, in process on 127.0.0.1, with hub {@code default} in front of a
 * test upstream (a WebSocket origin that publishes on demand and records what it receives).
 */
final class RealServerHub implements HubFixture {

    static final Duration LINGER = Duration.ofSeconds(1);

    private final Origin origin;
    private SwitchboardServer server;
    private int port;

    private RealServerHub() {
        this.origin = Origin.listen();
    }

    static RealServerHub launch() {
        RealServerHub hub = new RealServerHub();
        hub.start();
        return hub;
    }

    private Hub hub() {
        return server.hubs().find("default").orElseThrow();
    }

    @Override
    public String url() {
        return server.hubUri("default").toString();
    }

    @Override
    public void publish(String text) {
        origin.broadcast(text);
    }

    @Override
    public int portCount() {
        SwitchboardServer s = server;
        return s == null ? 0 : s.hubs().find("default").orElseThrow().portCount();
    }

    @Override
    public boolean upstreamOpen() {
        return server != null && hub().upstreamState() == UpstreamState.OPEN;
    }

    @Override
    public int upstreamConnections() {
        return origin.getConnections().size();
    }

    @Override
    public List<String> sent() {
        return List.copyOf(origin.received);
    }

    @Override
    public void restart() {
        stop();
        start();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void start() {
        server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", port)
                .hub("default", origin.uri())
                .linger(LINGER)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60))
                .build()).start();
        port = server.boundAddress().getPort();
    }

    @Override
    public Duration linger() {
        return LINGER;
    }

    @Override
    public void close() {
        stop();
        try {
            origin.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The test upstream: publishes to every connection, records what it receives. */
    private static final class Origin extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        final List<String> received = new CopyOnWriteArrayList<>();

        private Origin() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
            setDaemon(true);
            setConnectionLostTimeout(0);
        }

        static Origin listen() {
            Origin origin = new Origin();
            origin.start();
            try {
                if (!origin.started.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test upstream did not start");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return origin;
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + getPort() + "/feed");
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            received.add("base64:" + Base64.getEncoder().encodeToString(message.array()));
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
