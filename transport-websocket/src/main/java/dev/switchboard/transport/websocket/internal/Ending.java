package dev.switchboard.transport.websocket.internal;

import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;

/** How a connection ended: the one final callback it owes its listener. */
sealed interface Ending {

    /** Calls the matching final method of the listener. */
    void deliverTo(UpstreamListener listener, UpstreamConnection connection);

    /** An orderly close, reported through {@code onClosed}. */
    record Closed(int code, String reason) implements Ending {
        @Override
        public void deliverTo(UpstreamListener listener, UpstreamConnection connection) {
            listener.onClosed(connection, code, reason);
        }
    }

    /** A failure, reported through {@code onFailure}. */
    record Failed(Throwable cause) implements Ending {
        @Override
        public void deliverTo(UpstreamListener listener, UpstreamConnection connection) {
            listener.onFailure(connection, cause);
        }
    }
}
