package dev.switchboard.server.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * How the front end treats every client connection.
 *
 * @param maxMessageSize the largest message, in bytes, a client may send (all fragments together);
 *                       a larger one closes that client with 1009
 * @param closeGrace     how long a closing client may take to answer the close frame before its
 *                       connection is dropped
 */
public record SocketSettings(int maxMessageSize, Duration closeGrace) {

    /** The close grace used unless told otherwise. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

    /** Checks the parts. */
    public SocketSettings {
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("invalid max message size " + maxMessageSize + ": use a positive number of bytes");
        }
        Objects.requireNonNull(closeGrace, "closeGrace");
    }

    /** Settings with the given limit and the default close grace. */
    public static SocketSettings withMaxMessageSize(int maxMessageSize) {
        return new SocketSettings(maxMessageSize, DEFAULT_CLOSE_GRACE);
    }
}
