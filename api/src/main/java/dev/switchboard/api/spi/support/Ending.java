package dev.switchboard.api.spi.support;

import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;

/**
 * How a connection ended: the one final callback it owes its listener, handed to
 * {@link CallbackGate#end} or {@link CallbackGate#endFromCaller}.
 */
public sealed interface Ending {

    /**
     * Calls the matching final method of {@code listener}; the gate calls it, once.
     *
     * @param opened whether {@code onOpen} was delivered, since the first callback must be
     *     {@code onOpen} or {@code onFailure}
     */
    void deliverTo(UpstreamListener listener, UpstreamConnection connection, boolean opened);

    /** An orderly close, reported through {@code onClosed}. */
    record Closed(int code, String reason) implements Ending {
        @Override
        public void deliverTo(UpstreamListener listener, UpstreamConnection connection, boolean opened) {
            listener.onClosed(connection, code, reason);
        }
    }

    /** A failure, reported through {@code onFailure}. */
    record Failed(Throwable cause) implements Ending {
        @Override
        public void deliverTo(UpstreamListener listener, UpstreamConnection connection, boolean opened) {
            listener.onFailure(connection, cause);
        }
    }

    /**
     * The client closed the connection: {@code onClosed(code, reason)} if it had opened,
     * otherwise {@code onFailure(beforeOpen)}. Decided when the final callback is delivered,
     * since only then is it known whether {@code onOpen} went out.
     */
    record ClosedByClient(int code, String reason, Throwable beforeOpen) implements Ending {
        @Override
        public void deliverTo(UpstreamListener listener, UpstreamConnection connection, boolean opened) {
            if (opened) {
                listener.onClosed(connection, code, reason);
            } else {
                listener.onFailure(connection, beforeOpen);
            }
        }
    }
}
