package dev.switchboard.api.spi;

import dev.switchboard.api.Message;
import java.net.URI;

/**
 * One connection to an upstream, as returned by {@link TransportProvider#connect}.
 * All methods are thread-safe, may be called concurrently, and never block.
 */
public interface UpstreamConnection {

    /** The URI this connection was opened for. */
    URI uri();

    /**
     * Queues a message toward the upstream. Never blocks and never throws for a closed or
     * failed connection.
     *
     * @return true if the message was queued for sending; false if it was not (the connection
     *     is not open yet, is closing or closed, its send buffer is full, or the transport
     *     cannot send at all), in which case nothing of it will be sent
     */
    boolean send(Message message);

    /**
     * How many bytes this connection holds that it took through {@link #send} and has not yet
     * written to its socket (or handed to the request that carries them): the transport's
     * own write queue, with whatever framing it adds. The hub counts it against its
     * {@code upstream-buffer} bound before every send, so an upstream that stops reading gets
     * its sends refused instead of filling the server's memory.
     *
     * <p>Threading: may be called from any thread, at any time, concurrently with
     * {@code send}; never blocks and is cheap (the hub calls it once per send). The value
     * may be a moment old. It is 0 when nothing waits, and 0 once the connection has ended
     * (closed, cancelled or failed), since an ended connection holds nothing for sending.
     *
     * <p>The default returns 0, for transports written before this method: the hub then
     * cannot bound their buffer. Every built-in transport overrides it, and the transport
     * compatibility kit checks it.
     */
    default long bufferedBytes() {
        return 0;
    }

    /**
     * Starts a graceful close (a WebSocket close frame, the end of an HTTP stream). The
     * listener still receives exactly one final callback, {@code onClosed} or
     * {@code onFailure}, unless it already has. Calling it again, or after {@link #cancel},
     * does nothing.
     */
    void close();

    /**
     * Drops the connection at once, without a goodbye. The listener receives
     * {@code onFailure} unless a final callback already came. Idempotent.
     */
    void cancel();
}
