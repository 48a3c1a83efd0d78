package dev.switchboard.server.ws;

import dev.switchboard.api.PortEnd;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket close codes (RFC 6455 section 7.4) the front end sends, as {@link PortEnd}
 * defines them (a port's end carries its code), and the close frame's reason text.
 */
public final class CloseCodes {

    /** {@link PortEnd#NORMAL}. */
    public static final int NORMAL = PortEnd.NORMAL;
    /** {@link PortEnd#GOING_AWAY}. */
    public static final int GOING_AWAY = PortEnd.GOING_AWAY;
    /** {@link PortEnd#POLICY_VIOLATION}. */
    public static final int POLICY_VIOLATION = PortEnd.POLICY_VIOLATION;
    /** {@link PortEnd#MESSAGE_TOO_BIG}. */
    public static final int MESSAGE_TOO_BIG = PortEnd.MESSAGE_TOO_BIG;
    /** {@link PortEnd#INTERNAL_ERROR}. */
    public static final int INTERNAL_ERROR = PortEnd.INTERNAL_ERROR;
    /** {@link PortEnd#TRY_AGAIN_LATER}. */
    public static final int TRY_AGAIN_LATER = PortEnd.TRY_AGAIN_LATER;

    /** A close frame's reason may hold at most 123 bytes of UTF-8 (125 bytes of payload less the code). */
    static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {
    }

    /** The reason text for a port's end: its detail, or a short default when it has none. */
    public static String reasonText(PortEnd end) {
        if (!end.detail().isBlank()) {
            return end.detail();
        }
        return switch (end.reason()) {
            case SLOW -> "client read too slowly";
            case REJECTED -> "hub refused the client";
            case ERROR -> "server error";
            case SHUTDOWN -> "server shutting down";
            case TIMEOUT -> "client did not answer the heartbeat";
            case DISCONNECT -> "disconnected";
            case CLOSED -> "closed";
        };
    }

    /**
     * Cuts {@code reason} to what fits in a close frame, at a character boundary, so that a long
     * detail never makes the close itself fail.
     */
    static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        String ellipsis = "...";
        int budget = MAX_REASON_BYTES - ellipsis.length();
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < reason.length(); ) {
            int codePoint = reason.codePointAt(i);
            int bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + bytes > budget) {
                break;
            }
            out.appendCodePoint(codePoint);
            used += bytes;
            i += Character.charCount(codePoint);
        }
        return out.append(ellipsis).toString();
    }
}
