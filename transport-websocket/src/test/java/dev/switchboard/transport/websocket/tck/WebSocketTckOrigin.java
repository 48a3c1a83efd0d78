package dev.switchboard.transport.websocket.tck;

import dev.switchboard.transport.tck.TckOrigin;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A real WebSocket origin for the compatibility kit: Java-WebSocket's server on 127.0.0.1,
 * port 0. It answers pings until {@link #goSilent()}, and never pings by itself (its
 * connection-lost timer is off) so that only the client's heartbeat keeps the line busy.
 */
final class WebSocketTckOrigin extends WebSocketServer implements TckOrigin {

    private final CountDownLatch started = new CountDownLatch(1);
    private final Set<WebSocket> open = ConcurrentHashMap.newKeySet();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile boolean silent;

    private WebSocketTckOrigin() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
        setDaemon(true);
        setConnectionLostTimeout(0);
    }

    /** Starts the server and waits until it listens. */
    static WebSocketTckOrigin launch() throws InterruptedException {
        WebSocketTckOrigin origin = new WebSocketTckOrigin();
        origin.start();
        if (!origin.started.await(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the WebSocket TCK origin did not start within 5s");
        }
        return origin;
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort() + "/tck");
    }

    @Override
    public void publish(String text) {
        if (silent) {
            return;
        }
        for (WebSocket connection : open) {
            try {
                connection.send(text);
            } catch (WebsocketNotConnectedException e) {
                // closed meanwhile: it no longer counts as open
            }
        }
    }

    @Override
    public List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public int connectionCount() {
        return open.size();
    }

    @Override
    public void dropConnections() {
        // Closes the TCP connection with no close frame.
        open.forEach(connection -> connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the TCK origin"));
    }

    @Override
    public void closeConnections() {
        open.forEach(connection -> connection.close(CloseFrame.NORMAL, "closed by the TCK origin"));
    }

    @Override
    public void goSilent() {
        silent = true;
    }

    @Override
    public void close() throws InterruptedException {
        stop(1000);
    }

    // ---- WebSocketServer ----

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket connection, ClientHandshake handshake) {
        open.add(connection);
    }

    @Override
    public void onClose(WebSocket connection, int code, String reason, boolean remote) {
        open.remove(connection);
    }

    @Override
    public void onMessage(WebSocket connection, String message) {
        received.add(message);
    }

    @Override
    public void onMessage(WebSocket connection, ByteBuffer message) {
        received.add(StandardCharsets.UTF_8.decode(message).toString());
    }

    @Override
    public void onWebsocketPing(WebSocket connection, Framedata ping) {
        if (!silent) {
            super.onWebsocketPing(connection, ping); // answers with a pong
        }
    }

    @Override
    public void onError(WebSocket connection, Exception error) {
        // Clients dropping and cancelling on purpose are part of the checks.
    }
}
