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
