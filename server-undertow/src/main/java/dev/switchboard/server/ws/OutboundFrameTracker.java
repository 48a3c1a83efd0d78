package dev.switchboard.server.ws;

import java.nio.ByteBuffer;

/**
 * Follows the frames Undertow writes on a connection (unmasked server frames), byte by byte as
 * they leave, so that frames of the connection's own writer are only ever put between two of
 * Undertow's frames, never inside one. Also notes when Undertow has sent its close frame, after
 * which nothing else may be sent. Not thread-safe: used on the connection's I/O thread.
 */
final class OutboundFrameTracker {

    private static final int CLOSE = 0x8;

    private final byte[] header = new byte[14];
    private int headerRead;
    private long payloadLeft;
    private boolean closeSent;

    /** Whether the bytes seen so far end on a frame boundary. */
    boolean atBoundary() {
        return headerRead == 0 && payloadLeft == 0;
    }

    /** Whether a complete or partial close frame has been seen. */
    boolean closeSent() {
        return closeSent;
    }

    /** Accounts for the bytes between {@code from} (absolute index) and the buffer's position, just written. */
    void written(ByteBuffer buffer, int from) {
        int index = from;
        int end = buffer.position();
        while (index < end) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, end - index);
                payloadLeft -= skip;
                index += (int) skip;
                continue;
            }
            header[headerRead++] = buffer.get(index++);
            int needed = headerSize();
            if (needed > 0 && headerRead == needed) {
                if ((header[0] & 0x0F) == CLOSE) {
                    closeSent = true;
                }
                payloadLeft = payloadLength();
                headerRead = 0;
            }
        }
    }

    /** The complete header's size, or 0 while its second byte (the length marker) is still to come. */
    private int headerSize() {
        if (headerRead < 2) {
            return 0;
        }
        int marker = header[1] & 0x7F;
        int mask = (header[1] & 0x80) != 0 ? 4 : 0;
        return (marker < 126 ? 2 : marker == 126 ? 4 : 10) + mask;
    }

    private long payloadLength() {
        int marker = header[1] & 0x7F;
        if (marker < 126) {
            return marker;
        }
        if (marker == 126) {
            return ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
        }
        long length = 0;
        for (int i = 2; i < 10; i++) {
            length = (length << 8) | (header[i] & 0xFFL);
        }
        return length;
    }
}
