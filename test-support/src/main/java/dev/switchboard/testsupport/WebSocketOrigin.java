package dev.switchboard.testsupport;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

/**
 * A real WebSocket origin (Java-WebSocket's server) on 127.0.0.1 and a free port, for every
 * module's tests. It records what clients do (handshakes, frames, closes, pings), publishes on
 * demand, runs scripted reactions, and can misbehave the ways an origin does: go silent (no
 * pongs, no data), drop its connections without a close frame, or die and come back on the
 * same port.
 *
 * <p>It never pings by itself (its connection-lost timer is off), so only the client's own
 * heartbeat keeps a quiet line busy.
 */
public final class WebSocketOrigin implements AutoCloseable {

    /** A close the origin saw: its code and reason, and whether the client started it. */
    public record CloseSeen(int code, String reason, boolean remote) {
    }

    private final Recorded<ClientHandshake> handshakes = new Recorded<>("handshake at the origin");
    private final Recorded<Object> received = new Recorded<>("frame at the origin");
    private final Recorded<CloseSeen> closes = new Recorded<>("close at the origin");

    private final AtomicInteger pings = new AtomicInteger();
    private final SSLContext tls;
    private volatile Consumer<WebSocket> onOpen = connection -> { };
    private volatile BiConsumer<WebSocket, String> onText = (connection, text) -> { };
    private volatile boolean silent;
    private volatile Server server;
    private int port;

    private WebSocketOrigin(SSLContext tls) {
        this.tls = tls;
    }

    /** A started {@code ws} origin, its port known. */
    public static WebSocketOrigin start() throws InterruptedException {
        WebSocketOrigin origin = new WebSocketOrigin(null);
        origin.listen(0);
        return origin;
    }

    /**
     * A started {@code wss} origin presenting the key and certificate of {@code tls}; its
     * {@link #uri} names {@code localhost}, the name test certificates are issued for.
     */
    public static WebSocketOrigin startTls(SSLContext tls) throws InterruptedException {
        WebSocketOrigin origin = new WebSocketOrigin(tls);
        origin.listen(0);
        return origin;
    }

    private void listen(int requestedPort) throws InterruptedException {
        Server s = new Server(new InetSocketAddress("127.0.0.1", requestedPort));
        if (tls != null) {
            s.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(tls));
        }
        s.start();
        if (!s.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test origin did not start on 127.0.0.1:" + requestedPort + " within 10s");
        }
        port = s.getPort();
        server = s;
    }

    /** Runs {@code action} on every connection as it opens (on the origin's thread). */
    public WebSocketOrigin whenOpened(Consumer<WebSocket> action) {
        onOpen = action;
        return this;
    }

    /** Runs {@code action} on every text frame a client sends (on the origin's thread). */
    public WebSocketOrigin whenText(BiConsumer<WebSocket, String> action) {
        onText = action;
        return this;
    }

    /** The origin's URI for {@code path}: {@code ws://127.0.0.1:PORT} or, with TLS, {@code wss://localhost:PORT}. */
    public URI uri(String path) {
        return URI.create((tls == null ? "ws://127.0.0.1:" : "wss://localhost:") + port + path);
    }

    /** The origin's URI for {@code /feed}. */
    public URI uri() {
        return uri("/feed");
    }

    /** The port it listens on (kept across {@link #restart()}). */
    public int port() {
        return port;
    }

    /** Connections ever opened. */
    public int acceptedCount() {
        return handshakes.count();
    }

    /** Connections open now. */
    public int openCount() {
        Server s = server;
        return s == null ? 0 : s.getConnections().size();
    }

    /** Pings clients sent. */
    public int pings() {
        return pings.get();
    }

    /** Handshakes in arrival order. */
    public Recorded<ClientHandshake> handshakes() {
        return handshakes;
    }

    /** Frames clients sent: {@link String} for text, {@code byte[]} for binary, in arrival order. */
    public Recorded<Object> received() {
        return received;
    }

    /** Closes of client connections, in order. */
    public Recorded<CloseSeen> closes() {
        return closes;
    }

    /** Sends a text frame to every open connection (none while silent). */
    public void publish(String text) {
        forEachOpen(connection -> connection.send(text));
    }

    /** Sends a binary frame to every open connection (none while silent). */
    public void publish(byte[] bytes) {
        forEachOpen(connection -> connection.send(ByteBuffer.wrap(bytes)));
    }

    private void forEachOpen(Consumer<WebSocket> send) {
        Server s = server;
        if (silent || s == null) {
            return;
        }
        for (WebSocket connection : s.getConnections()) {
            try {
                send.accept(connection);
            } catch (WebsocketNotConnectedException closedMeanwhile) {
                // It no longer counts as open.
            }
        }
    }

    /** From now on answers no ping and publishes nothing, like an origin whose process hangs. */
    public void goSilent() {
        silent = true;
    }

    /** Drops every connection without a close frame, and keeps listening. */
    public void dropConnections() {
        Server s = server;
        if (s != null) {
            s.getConnections().forEach(c -> c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the test origin"));
        }
    }

    /** Closes every connection with a close frame of {@code code}. */
    public void closeConnections(int code, String reason) {
        Server s = server;
        if (s != null) {
            s.getConnections().forEach(c -> c.close(code, reason));
        }
    }

    /** Drops every connection without a close handshake and stops listening, like a crashed process. */
    public void kill() throws InterruptedException {
        Server s = server;
        server = null;
        // A crashed process accepts nothing: refuse at once, since stop() keeps listening while it winds down.
        s.killed = true;
        for (WebSocket c : s.getConnections()) {
            c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "origin killed");
        }
        s.stop(1000);
    }

    /** Listens again on the same port after {@link #kill()}. */
    public void restart() throws InterruptedException {
        listen(port);
    }

    @Override
    public void close() throws InterruptedException {
        Server s = server;
        server = null;
        if (s != null) {
            s.stop(1000);
        }
    }

    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        volatile boolean killed;

        Server(InetSocketAddress address) {
            super(address);
            setReuseAddr(true);
            setDaemon(true);
            setConnectionLostTimeout(0);
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        /*
         * A killed origin must not complete a handshake: stop() keeps the selector running while it
         * winds down (up to its timeout on a busy machine), and a 101 answered there would let the
         * client open, send what it queued, and lose it when the connection is dropped.
         */
        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket connection, Draft draft,
                ClientHandshake request) throws InvalidDataException {
            if (killed) {
                throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "origin killed");
            }
            return super.onWebsocketHandshakeReceivedAsServer(connection, draft, request);
        }

        @Override
        public void onOpen(WebSocket connection, ClientHandshake handshake) {
            if (killed) {
                connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, "origin killed");
                return;
            }
            handshakes.add(handshake);
            onOpen.accept(connection);
        }

        @Override
        public void onMessage(WebSocket connection, String message) {
            received.add(message);
            onText.accept(connection, message);
        }

        @Override
        public void onMessage(WebSocket connection, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            received.add(bytes);
        }

        @Override
        public void onWebsocketPing(WebSocket connection, Framedata ping) {
            pings.incrementAndGet();
            if (!silent) {
                super.onWebsocketPing(connection, ping); // answers with a pong
            }
        }

        @Override
        public void onClose(WebSocket connection, int code, String reason, boolean remote) {
            closes.add(new CloseSeen(code, reason, remote));
        }

        @Override
        public void onError(WebSocket connection, Exception error) {
            // Clients dropping and cancelling on purpose are part of the tests.
        }
    }
}
