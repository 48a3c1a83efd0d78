package dev.switchboard.api.spi;

import java.io.IOException;

/**
 * The upstream answered and refused the connection: an HTTP status other than success, a
 * response that is not the expected protocol (say, an SSE URL answering {@code text/html}), a
 * rejected WebSocket handshake. Unlike a network failure, retrying unchanged will most likely be
 * refused again, so a hub retries such failures a bounded number of times.
 *
 * <p>A transport reports it through {@link UpstreamListener#onFailure}.
 */
public class UpstreamRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  the protocol's status code (an HTTP status), or 0 when there is none
     * @param message what the upstream said and what to check, for people
     */
    public UpstreamRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The protocol's status code (an HTTP status), or 0 when there is none. */
    public int status() {
        return status;
    }
}
