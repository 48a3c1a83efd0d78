package dev.switchboard.transport.websocket.internal;

import dev.switchboard.api.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.handshake.ServerHandshake;

/**
 * The Java-WebSocket client of one connection, reduced to forwarding what happens to
 * {@link ClientEvents}. All decisions are made by {@link RealWebSocketUpstream}.
 */
final class UpstreamClient extends WebSocketClient {

    private final ClientEvents events;

    UpstreamClient(URI uri, Draft draft, Map<String, String> headers, ClientEvents events) {
        // No library connect timeout: the connection's own timer covers TCP, TLS and handshake alike.
        super(uri, draft, headers, 0);
        this.events = events;
        // The library's timer counts whole seconds and closes the socket behind our back; the heartbeat replaces it.
        setConnectionLostTimeout(0);
        // The library names its writer thread itself; at least never let it keep the JVM alive.
        setDaemon(true);
        // Real-time feeds: small frames should leave now, not after Nagle's delay.
        setTcpNoDelay(true);
    }

    /**
     * The bytes of the frames in the library's write queue, which its writer thread has not
     * taken yet. The queue is the library's public field; its iterator is weakly consistent, so
     * walking it never blocks the writer for long.
     */
    long queuedBytes() {
        long bytes = 0;
        for (ByteBuffer frame : engine().outQueue) {
            bytes += frame.remaining();
        }
        return bytes;
    }

    /** Forgets every frame not yet written: the connection has ended and will never write them. */
    void dropQueued() {
        engine().outQueue.clear();
    }

    private WebSocketImpl engine() {
        return (WebSocketImpl) getConnection();
    }

    /**
     * Called on the reader thread once a {@code wss} socket is connected, before the library
     * writes anything. Without an explicit handshake here, TLS would shake hands lazily on the
     * first read or write, from the reader and the writer thread at once, and a failure would
     * reach us only as a broken socket from whichever thread noticed first.
     */
    @Override
    protected void onSetSSLParameters(SSLParameters parameters) {
        // The library's default turns on host name verification (endpoint identification "HTTPS").
        super.onSetSSLParameters(parameters);
        SSLSocket socket = (SSLSocket) getSocket();
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            // The library catches this, reports it through onError and ends the connection.
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        events.opened();
    }

    @Override
    public void onMessage(String text) {
        events.received(Message.text(text));
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        events.received(Message.binary(bytes));
    }

    @Override
    public void onCloseInitiated(int code, String reason) {
        events.closeInitiated(code, reason == null ? "" : reason);
    }

    @Override
    public void onError(Exception error) {
        events.error(error);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        events.closed(code, reason == null ? "" : reason);
    }
}
