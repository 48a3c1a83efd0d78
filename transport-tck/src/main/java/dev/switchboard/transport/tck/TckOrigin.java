package dev.switchboard.transport.tck;

import java.net.URI;
import java.util.List;

/**
 * A real upstream server, speaking the transport's protocol on 127.0.0.1, that the
 * {@link TransportCompatibilityKit} drives. Each transport's test implements one for its own
 * protocol (a small WebSocket server, an HTTP server streaming {@code text/event-stream}).
 *
 * <p>Contract the checks rely on:
 * <ul>
 *   <li>It is listening when {@link TransportCompatibilityKit#startOrigin()} returns, and keeps
 *       accepting new connections until {@link #close()}, also after {@link #closeConnections()}
 *       or {@link #dropConnections()}.</li>
 *   <li>While it is not silent it keeps every connection alive the way its protocol does
 *       (answers WebSocket pings, sends SSE comments), so that a quiet but healthy upstream is
 *       not mistaken for a dead one.</li>
 *   <li>All methods are thread-safe and return promptly.</li>
 * </ul>
 */
@SuppressWarnings("try") // close() may throw InterruptedException: stopping a server can wait for its threads
public interface TckOrigin extends AutoCloseable {

    /**
     * The URI a transport connects to, with the transport's scheme, such as
     * {@code ws://127.0.0.1:41234/feed}. Give it no query and no user info: the refused-connection
     * check looks for this URI, written in full, in the failure message, and transports may
     * rightly hide queries and user info (where secrets live) from their messages.
     */
    URI uri();

    /** Sends {@code text} as one text message to every connection open now. */
    void publish(String text);

    /**
     * Every message the origin received from clients so far, as text, in arrival order.
     * Only used when {@link TransportCompatibilityKit#supportsSending()} is true; a
     * receive-only origin returns an empty list.
     */
    List<String> received();

    /** How many client connections are open now (established and not yet closed). */
    int connectionCount();

    /** Ends every open connection abruptly: the socket closes with no goodbye (no close frame, no end of stream). */
    void dropConnections();

    /** Ends every open connection in the protocol's orderly way (a close frame with 1000, the end of the stream). */
    void closeConnections();

    /**
     * From now on sends nothing and answers nothing on any connection (no messages, no pongs,
     * no keep-alive comments) while keeping the sockets open, so that only the transport's
     * heartbeat can notice the upstream is gone.
     */
    void goSilent();

    /**
     * From now on reads nothing more that clients send (the socket is left unread, a POST is
     * never answered) while keeping every connection open, so that what a transport sends
     * piles up in it. Returns false, doing nothing, if this origin cannot; the kit's check of
     * {@link dev.switchboard.api.spi.UpstreamConnection#bufferedBytes()} under a stalled
     * upstream is then skipped, and the transport should check it in a test of its own.
     */
    default boolean stopReading() {
        return false;
    }

    /**
     * A URI of the same scheme where nothing listens, so that connecting is refused.
     * The default takes {@link #uri()} with the port of a socket that was just bound and closed.
     */
    default URI refusedUri() {
        return TckUris.refused(uri());
    }

    /** Stops the server and frees its port. */
    @Override
    void close() throws Exception;
}
