package dev.switchboard.server.ws;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.server.security.SendLimiter;
import dev.switchboard.server.security.SendRate;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what one client sends: data messages (within the size limit) go to the connection's
 * protocol session, every frame counts as a sign of life, and the client's close ends its port.
 * A message over the client's send rate is refused or closes the client, as its policy says.
 */
final class ClientReceiveListener extends AbstractReceiveListener {

    private final ClientSocket socket;
    private final PortSession session;
    private final int maxMessageSize;
    private final SendLimiter limiter;
    private volatile Port port;

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

    @Override
    protected void onPong(WebSocketChannel channel, StreamSourceFrameChannel frames) throws IOException {
        port.heard();
        super.onPong(channel, frames);
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
        String detail = "message larger than the limit of " + maxMessageSize + " bytes";
        socket.close(CloseCodes.MESSAGE_TOO_BIG, detail);
        port.end(EndReason.ERROR, "client declared a frame of " + declared + " bytes: " + detail);
    }

    private void overRate(String over) {
        if (socket.isClosing()) {
            return;
        }
        if (limiter.policy() == SendRate.Policy.REFUSE
                && session.tell(port, "rate-limited", "message not sent: " + over)) {
            return;
        }
        socket.close(CloseCodes.POLICY_VIOLATION, over);
        port.end(EndReason.REJECTED, "client sent " + over);
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
                String detail = "message larger than the limit of " + limit + " bytes";
                // The close frame first, so that the hub's own close (for the ERROR end below)
                // finds the socket already closing and cannot replace 1009 with 1011.
                socket.close(CloseCodes.MESSAGE_TOO_BIG, detail);
                port.end(EndReason.ERROR, "client sent a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + detail);
            }

            @Override
            public void failed(IOException error) {
                onError(channel, error);
            }
        }).read(frames);
    }
}
