package dev.switchboard.it;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A real WebSocket origin for end-to-end tests, on 127.0.0.1. It counts connections, records
 * what clients send, publishes on demand, and can be killed (connections dropped without a
 * close handshake, listener closed) and restarted on the same port.
 */
public final class LoopbackOrigin implements AutoCloseable {

    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Object> received = new CopyOnWriteArrayList<>();
    private final List<String> handshakeHeaders = new CopyOnWriteArrayList<>();
    private volatile Server server;
    private int port;

    private LoopbackOrigin() {
    }

    public static LoopbackOrigin start() throws InterruptedException {
        LoopbackOrigin origin = new LoopbackOrigin();
        origin.listen(0);
        return origin;
    }

    private void listen(int requestedPort) throws InterruptedException {
        Server s = new Server(new InetSocketAddress("127.0.0.1", requestedPort));
        s.setReuseAddr(true);
        s.start();
        if (!s.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test origin did not start on 127.0.0.1:" + requestedPort);
        }
        port = s.getPort();
        server = s;
    }

    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/feed");
    }

    /** Connections ever accepted. */
    int acceptedCount() {
        return accepted.get();
    }

    /** Connections open now. */
    public int openCount() {
        Server s = server;
        return s == null ? 0 : s.getConnections().size();
    }

    public void publish(String text) {
        server.broadcast(text);
    }

    void publish(byte[] bytes) {
        server.broadcast(ByteBuffer.wrap(bytes));
    }

    /** Frames received from clients: String for text, byte[] for binary, in arrival order. */
    public List<Object> received() {
        return new ArrayList<>(received);
    }

    /** The value of one header on every handshake so far. */
    List<String> handshakeHeaders() {
        return new ArrayList<>(handshakeHeaders);
    }

    /** Drops every connection without a close handshake and stops listening, like a crashed process. */
    void kill() throws InterruptedException {
        Server s = server;
        server = null;
        // A crashed process accepts nothing: refuse at once, since stop() keeps listening while it winds down.
        s.killed = true;
        for (WebSocket c : s.getConnections()) {
            c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "origin killed");
        }
        s.stop(1000);
    }

    /** Listens again on the same port. */
    void restart() throws InterruptedException {
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
            setConnectionLostTimeout(0);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            if (killed) {
                conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "origin killed");
                return;
            }
            accepted.incrementAndGet();
            handshakeHeaders.add(handshake.getFieldValue("X-Api-Key"));
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
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            received.add(bytes);
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
