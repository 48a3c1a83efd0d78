package dev.switchboard.server.ws;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.PortEnd;
import java.nio.charset.StandardCharsets;

/**
 * What the front end puts in a client's close frame: the close code ({@link CloseCodes}) that
 * tells a client why its port ended, so it can tell "try again later" from "you were too slow",
 * and a reason text that fits the frame.
 */
public final class CloseFrames {

    /** A close frame's reason may hold at most 123 bytes of UTF-8 (125 bytes of payload less the code). */
    static final int MAX_REASON_BYTES = 123;

    private CloseFrames() {
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
