package dev.switchboard.server.ws;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.util.Headers;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.core.protocol.version13.WebSocket13Channel;
import io.undertow.websockets.extensions.CompositeExtensionFunction;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.xnio.StreamConnection;

/**
 * The RFC 6455 handshake with one addition: every frame header is checked against the message
 * size limit as soon as it is parsed. A frame that declares more than the limit (2^31 bytes,
 * 2^63−1 bytes) is reported at once, so the client is closed with 1009 even when it never sends
 * the payload it promised; without this, such a client would only be noticed as the bytes arrive,
 * or at its heartbeat deadline. Memory stays bounded either way: nothing is allocated for the
 * declared length.
 */
final class FrameLengthCheck extends Hybi13Handshake {

    private final long limit;
    private final WriteDrains drains;

    FrameLengthCheck(Set<String> subprotocols, long limit, WriteDrains drains) {
        super(subprotocols, false);
        this.limit = limit;
        this.drains = drains;
    }

    /**
     * As {@code Hybi13Handshake} answers, without {@code Sec-WebSocket-Location}: RFC 6455 has no
     * such header (it is from the drafts), and it would copy the request URL into the response.
     */
    @Override
    protected void handshakeInternal(WebSocketHttpExchange exchange) {
        String origin = exchange.getRequestHeader(Headers.ORIGIN_STRING);
        if (origin != null) {
            exchange.setResponseHeader(Headers.ORIGIN_STRING, origin);
        }
        selectSubprotocol(exchange);
        selectExtensions(exchange);
        try {
            exchange.setResponseHeader(Headers.SEC_WEB_SOCKET_ACCEPT_STRING,
                    solve(exchange.getRequestHeader(Headers.SEC_WEB_SOCKET_KEY_STRING)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1, which every Java platform must have", e);
        }
        performUpgrade(exchange);
    }

    @Override
    public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection connection, ByteBufferPool pool) {
        // As Hybi13Handshake builds its channel, with the checking subclass.
        List<ExtensionFunction> extensions = initExtensions(exchange);
        // The writer goes in first, so that every frame Undertow writes passes through it.
        ConnectionWriter writer = ConnectionWriter.install(connection, drains);
        return new Channel(writer, connection, pool, getWebSocketLocation(exchange),
                exchange.getResponseHeader(Headers.SEC_WEB_SOCKET_PROTOCOL_STRING), !extensions.isEmpty(),
                CompositeExtensionFunction.compose(extensions), exchange.getPeerConnections(), exchange.getOptions(), limit);
    }

    /** A version 13 channel with the connection's own writer, that reports the first data frame declaring more than the limit. */
    static final class Channel extends WebSocket13Channel {
        private final ConnectionWriter writer;
        private final long limit;
        private volatile LongConsumer oversized = length -> { };
        private boolean reported;
        /** Whether the parser holds part of a frame header, so the next bytes do not start a frame. */
        private boolean headerPending;

        Channel(ConnectionWriter writer, StreamConnection connection, ByteBufferPool pool, String url, String subprotocol, boolean extensions,
                ExtensionFunction extensionFunction, Set<WebSocketChannel> peers, org.xnio.OptionMap options, long limit) {
            super(connection, pool, url, subprotocol, false, extensions, extensionFunction, peers, options);
            this.limit = limit;
            this.writer = writer;
            addCloseTask(closed -> writer.connectionClosed());
        }

        /** The writer in this connection's output, which data frames go through. */
        ConnectionWriter writer() {
            return writer;
        }

        /** Where a frame over the limit is reported (with its declared length), once, on the I/O thread. */
        void onOversizedFrame(LongConsumer action) {
            this.oversized = action;
        }

        @Override
        protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
            // At a frame's start: refuse what RFC 6455 forbids with our own words, before Undertow's
            // parser closes with its message code (UT002034 and the like). The parser must consume
            // what it is given, so a header split after its first byte is left to Undertow's check.
            if (!headerPending && data.remaining() >= 2) {
                String problem = FrameRules.problem(data.get(data.position()), data.get(data.position() + 1));
                if (problem != null) {
                    WebSockets.sendClose(new CloseMessage(CloseMessage.PROTOCOL_ERROR, problem).toByteBuffer(), this, null);
                    IOException refused = new IOException(problem);
                    markReadsBroken(refused);
                    throw refused;
                }
            }
            FrameHeaderData header = super.parseFrame(data);
            headerPending = header == null;
            // Control frames over 125 bytes are refused by the parser itself (1002).
            if (header != null && !reported && header.getFrameLength() > limit) {
                reported = true;
                oversized.accept(header.getFrameLength());
            }
            return header;
        }
    }
}
