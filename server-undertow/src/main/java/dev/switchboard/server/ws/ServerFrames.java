package dev.switchboard.server.ws;

import dev.switchboard.api.Message;
import dev.switchboard.server.envelope.EncodedOnce;
import java.nio.ByteBuffer;

/**
 * The WebSocket frames a server sends, encoded once per message for every port of a hub.
 *
 * <p>A server-to-client frame is not masked (RFC 6455, section 5.1), so its bytes, header and
 * payload, are the same for every client that receives the message: the frame is built once and
 * each connection writes a read-only duplicate of it. The hub hands the same {@link Message}
 * instance to all its ports (in envelope mode, the same encoded envelope), which is what the cache
 * keys on. Thread-safe.
 */
final class ServerFrames {

    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int FIN = 0x80;

    private final EncodedOnce<ByteBuffer> byCursor = new EncodedOnce<>(ServerFrames::encode);
    /** The last message without a cursor (an envelope) and its frame: a broadcast asks for it once per port. */
    private volatile Entry last;

    private record Entry(Message source, ByteBuffer frame) {
    }

    /** A read-only frame for {@code message}, positioned at its first byte; the caller owns this view. */
    ByteBuffer frameOf(Message message) {
        ByteBuffer frame;
        if (message.cursor().isPresent()) {
            frame = byCursor.get(message);
        } else {
            Entry hit = last;
            if (hit != null && hit.source == message) {
                frame = hit.frame;
            } else {
                frame = encode(message);
                last = new Entry(message, frame);
            }
        }
        return frame.duplicate();
    }

    /** One final, unmasked frame holding the whole message: opcode text or binary as the message is. */
    static ByteBuffer encode(Message message) {
        ByteBuffer payload = message.payload();
        int length = payload.remaining();
        int headerSize = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(headerSize + length);
        frame.put((byte) (FIN | (message.isText() ? TEXT : BINARY)));
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload);
        frame.flip();
        return frame.asReadOnlyBuffer();
    }
}
