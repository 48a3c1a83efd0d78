package dev.switchboard.api;

import java.util.Objects;

/**
 * How a port ended: its one {@link EndReason}, a sentence for people, and the WebSocket close
 * code (RFC 6455 section 7.4) that tells the client why. The code follows from the reason
 * ({@link #closeCodeFor}) unless the one who ends the port knows better: a front end that
 * refuses an oversized message ends the port with {@link #MESSAGE_TOO_BIG}, and the hub closes
 * the connection with exactly that code, so no front end closes a socket on its own.
 *
 * @param reason    why the port ended
 * @param detail    a human-readable explanation, never null (may be empty)
 * @param closeCode the close code the client is sent, 1000 to 4999
 */
public record PortEnd(EndReason reason, String detail, int closeCode) {

    /** The conversation is over. */
    public static final int NORMAL = CloseCodes.NORMAL;
    /** The server is going away, or the client stopped answering. */
    public static final int GOING_AWAY = CloseCodes.GOING_AWAY;
    /** The client broke a rule: here, it read too slowly. */
    public static final int POLICY_VIOLATION = CloseCodes.POLICY_VIOLATION;
    /** The client sent a message larger than the server accepts. */
    public static final int MESSAGE_TOO_BIG = CloseCodes.MESSAGE_TOO_BIG;
    /** The server failed. */
    public static final int INTERNAL_ERROR = CloseCodes.INTERNAL_ERROR;
    /** The server cannot take the client now; it may retry later. */
    public static final int TRY_AGAIN_LATER = CloseCodes.TRY_AGAIN_LATER;

    /** Checks the parts and normalises a null detail to empty. */
    public PortEnd {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        if (closeCode < 1000 || closeCode > 4999) {
            throw new IllegalArgumentException("close code " + closeCode + " is not one a server may send: use 1000 to 4999");
        }
    }

    /** An end with the close code of its reason. */
    public PortEnd(EndReason reason, String detail) {
        this(reason, detail, closeCodeFor(Objects.requireNonNull(reason, "reason")));
    }

    /** A port end with no detail. */
    public static PortEnd of(EndReason reason) {
        return new PortEnd(reason, "");
    }

    /** The close code that tells a client its port ended for this reason. */
    public static int closeCodeFor(EndReason reason) {
        return switch (reason) {
            case SLOW -> POLICY_VIOLATION;
            case REJECTED -> TRY_AGAIN_LATER;
            case ERROR -> INTERNAL_ERROR;
            case SHUTDOWN, TIMEOUT -> GOING_AWAY;
            case DISCONNECT, CLOSED -> NORMAL;
        };
    }
}
