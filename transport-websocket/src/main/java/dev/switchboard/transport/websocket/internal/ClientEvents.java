package dev.switchboard.transport.websocket.internal;

import dev.switchboard.api.Message;

/**
 * What Java-WebSocket reports about one client connection, translated out of its types. Calls
 * come from the library's reader and writer threads, possibly at the same time.
 */
interface ClientEvents {

    /** The opening handshake completed. */
    void opened();

    /** A whole message arrived. */
    void received(Message message);

    /** This side started a close handshake (our close(), or the library failing the connection). */
    void closeInitiated(int code, String reason);

    /** Something went wrong; a {@link #closed} call follows. */
    void error(Exception error);

    /** The connection is over, whether it opened or not; the library's last word. */
    void closed(int code, String reason);
}
