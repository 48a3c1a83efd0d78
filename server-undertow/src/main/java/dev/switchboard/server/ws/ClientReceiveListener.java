package dev.switchboard.server.ws;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortEnd;
import dev.switchboard.server.security.SendLimiter;
import dev.switchboard.server.security.SendRate;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads what one client sends: data messages (within the size limit) go to the connection's
 * protocol session, every frame counts as a sign of life, and the client's close ends its port.
 * A message over the client's send rate is refused or closes the client, as its policy says.
 *
 * <p>A ping flood (more pings than {@link PingBudget} allows) ends the port with 1008 like any
 * other end, rather than through Undertow's own answer to it: Undertow queues its close frame and
 * closes the socket at once, with the flood still unread, so the kernel resets the connection and
 * throws away whatever of the pongs and the close frame had not left yet. Here the close frame
 * follows the frames queued before it, no more pongs are sent, and the rest of the flood is read
 * and dropped until the client hangs up or the close grace ends.
 */
final class ClientReceiveListener extends AbstractReceiveListener {

    /** The most payload a control frame may carry (RFC 6455, 5.5). */
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final ClientSocket socket;
    private final PortSession session;
    private final int maxMessageSize;
    private final SendLimiter limiter;
    private volatile Port port;
    // I/O thread only.
    private PingBudget pings;
    private boolean flooded;

    ClientReceiveListener(ClientSocket socket, PortSession session, int maxMessageSize, SendLimiter limiter) {
        this.socket = socket;
        this.limiter = limiter;
        this.session = session;
        this.maxMessageSize = maxMessageSize;
    }

    /** Set once, after the attach and before receives resume, so every callback below sees it. */
    void attached(Port attachedPort) {
        this.port = attachedPort;
    }

    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel frames) {
        read(channel, frames, Message.Kind.TEXT);
    }

    @Override
    protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel frames) {
        read(channel, frames, Message.Kind.BINARY);
    }

    @Override
    protected void onPing(WebSocketChannel channel, StreamSourceFrameChannel frames) throws IOException {
        port.heard();
        super.onPing(channel, frames);
    }

    /** Replaces Undertow's count, whose flood handling resets the connection (see the class comment). */
    @Override
    protected void countPing(WebSocketChannel channel) {
        if (pings == null) {
            pings = new PingBudget(getMaxPingsPerWindow(), getPingWindowLength(), System::currentTimeMillis);
        }
        if (!pings.tryPing() && !flooded) {
            flooded = true;
            port.end(new PortEnd(EndReason.REJECTED, "client sent " + pings.describe(), PortEnd.POLICY_VIOLATION));
        }
    }

    @Override
    protected void onFullPingMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
        if (flooded || socket.isClosing() || channel.isCloseFrameSent()) {
            // Closing: the ping is read and dropped; a pong now would only delay the close frame.
            message.getData().close();
            return;
        }
        super.onFullPingMessage(channel, message);
    }

    /**
     * A pong is a sign of life and nothing more. Its payload (at most 125 bytes) is read into a
     * small scratch buffer and dropped, instead of Undertow's buffered message: that takes a buffer
     * from the connection's pool, a list and a callback for every pong, and its pong handler never
     * gives the buffer back. The heartbeat makes one pong per port per interval, so at 10,000 ports
     * this is hundreds of reads a second.
     */
    @Override
    protected void onPong(WebSocketChannel channel, StreamSourceFrameChannel frames) throws IOException {
        port.heard();
        ByteBuffer scratch = ByteBuffer.allocate(MAX_CONTROL_PAYLOAD);
        int read;
        while ((read = frames.read(scratch)) > 0) {
            scratch.clear();
        }
        if (read == 0) {
            // The rest of the payload has not arrived: let Undertow read it when it does.
            super.onPong(channel, frames);
        }
    }

    /** The end of a pong whose payload came in parts: give the pooled buffer back. */
    @Override
    protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        message.getData().free();
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
        String reason = message.getReason() == null || message.getReason().isEmpty() ? "" : ": " + message.getReason();
        port.end(EndReason.CLOSED, "client closed the connection with code " + message.getCode() + reason);
        socket.peerClosed();
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        port.end(EndReason.CLOSED, "connection failed: " + error.getMessage());
        super.onError(channel, error);
    }

    /** A frame header declared more than the limit: close with 1009 now, without waiting for its bytes. */
    void frameTooLarge(long declared) {
        port.end(new PortEnd(EndReason.ERROR, "client declared a frame of " + declared
                + " bytes: message larger than the limit of " + maxMessageSize + " bytes", PortEnd.MESSAGE_TOO_BIG));
    }

    private void overRate(String over) {
        if (socket.isClosing()) {
            return;
        }
        if (limiter.policy() == SendRate.Policy.REFUSE
                && session.tell(port, "rate-limited", "message not sent: " + over)) {
            return;
        }
        port.end(new PortEnd(EndReason.REJECTED, "client sent " + over, PortEnd.POLICY_VIOLATION));
    }

    private void read(WebSocketChannel channel, StreamSourceFrameChannel frames, Message.Kind kind) {
        port.heard();
        new BoundedMessageReader(maxMessageSize, new BoundedMessageReader.Sink() {
            @Override
            public void message(byte[] payload) {
                port.heard();
                String over = limiter.tryAcquire(payload.length);
                if (over != null) {
                    overRate(over);
                    return;
                }
                Message message = kind == Message.Kind.TEXT
                        ? Message.text(new String(payload, StandardCharsets.UTF_8))
                        : Message.binary(payload);
                session.received(message, port);
            }

            @Override
            public void tooLarge(int limit) {
                // The end carries 1009, so the hub's one close says "too big", not 1011.
                port.end(new PortEnd(EndReason.ERROR, "client sent a " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + " message larger than the limit of " + limit + " bytes", PortEnd.MESSAGE_TOO_BIG));
            }

            @Override
            public void failed(IOException error) {
                onError(channel, error);
            }
        }).read(frames);
    }
}
