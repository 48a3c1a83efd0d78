package dev.switchboard.bench.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The few pieces of RFC 6455 that the plain-NIO client and the NIO ceiling need: the handshake's
 * accept key, and server frames (unmasked, so one encoded frame serves every connection).
 */
public final class WsWire {

    /** The GUID RFC 6455 appends to a client's key to prove the server understood the upgrade. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static final int OP_CONTINUATION = 0;
    public static final int OP_TEXT = 1;
    public static final int OP_BINARY = 2;
    public static final int OP_CLOSE = 8;
    public static final int OP_PING = 9;
    public static final int OP_PONG = 10;

    private WsWire() {
    }

    /** {@code Sec-WebSocket-Accept} for a client's {@code Sec-WebSocket-Key}. */
    public static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** One final, unmasked binary frame holding {@code payload}, in a direct buffer ready to be written. */
    public static ByteBuffer serverBinaryFrame(byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + n);
        frame.put((byte) (0x80 | OP_BINARY));
        if (n < 126) {
            frame.put((byte) n);
        } else if (n < 65536) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        frame.put(payload).flip();
        return frame;
    }

    /** A final, masked control frame from a client (pong or close), payload at most 125 bytes. */
    public static ByteBuffer clientControlFrame(int opcode, byte[] payload, int length, int mask) {
        ByteBuffer frame = ByteBuffer.allocate(6 + length);
        frame.put((byte) (0x80 | opcode)).put((byte) (0x80 | length)).putInt(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ (mask >>> (8 * (3 - (i & 3))))));
        }
        return frame.flip();
    }
}
