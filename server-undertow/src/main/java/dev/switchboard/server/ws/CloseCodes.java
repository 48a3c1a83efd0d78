package dev.switchboard.server.ws;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.PortEnd;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket close codes (RFC 6455 section 7.4) the front end sends, and how a port's end
 * reason maps to them, so a client can tell "try again later" from "you were too slow".
 */
public final class CloseCodes {

    /** The conversation is over. */
    public static final int NORMAL = 1000;
    /** The server is going away, or the client stopped answering. */
    public static final int GOING_AWAY = 1001;
    /** The client broke a rule: here, it read too slowly. */
    public static final int POLICY_VIOLATION = 1008;
    /** The client sent a message larger than the server accepts. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The server failed. */
    public static final int INTERNAL_ERROR = 1011;
    /** The server cannot take the client now; it may retry later. */
    public static final int TRY_AGAIN_LATER = 1013;

    /** A close frame's reason may hold at most 123 bytes of UTF-8 (125 bytes of payload less the code). */
    static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {
    }

    /** The close code that tells a client why its port ended. */
    public static int forEnd(EndReason reason) {
        return switch (reason) {
            case SLOW -> POLICY_VIOLATION;
            case REJECTED -> TRY_AGAIN_LATER;
            case ERROR -> INTERNAL_ERROR;
            case SHUTDOWN, TIMEOUT -> GOING_AWAY;
            case DISCONNECT, CLOSED -> NORMAL;
        };
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
