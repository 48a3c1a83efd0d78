package dev.switchboard.server.ws;

/**
 * The rules of RFC 6455 section 5.2 that the first two bytes of a client's frame must keep, each
 * broken one named in a sentence of ours. The connection is closed with 1002 and that sentence;
 * without this the close reason would be the WebSocket library's message and code.
 */
final class FrameRules {

    private FrameRules() {
    }

    /** What is wrong with a frame starting with {@code first} and {@code second}, or null if nothing is. */
    static String problem(byte first, byte second) {
        if ((second & 0x80) == 0) {
            return "frame not masked: a client must mask every frame (RFC 6455 section 5.1)";
        }
        if ((first & 0x70) != 0) {
            return "reserved bits set in a frame: no extension was negotiated";
        }
        int opcode = first & 0x0F;
        boolean control = opcode >= 0x8;
        if (opcode != 0x0 && opcode != 0x1 && opcode != 0x2 && opcode != 0x8 && opcode != 0x9 && opcode != 0xA) {
            return "unknown frame opcode " + opcode + ": use text (1), binary (2), close (8), ping (9) or pong (10)";
        }
        if (control && (first & 0x80) == 0) {
            return "fragmented control frame: close, ping and pong frames may not be fragmented";
        }
        if (control && (second & 0x7F) > 125) {
            return "control frame payload over 125 bytes";
        }
        return null;
    }
}
