package dev.switchboard.server.ws;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xnio.ChannelListener;

/**
 * Reads one client message (a frame and its continuation frames) into memory, up to a limit.
 *
 * <p>Why not Undertow's own limit ({@code AbstractReceiveListener.getMaxTextBufferSize}): on
 * overflow Undertow 2.3 queues a 1009 close frame and then closes the TCP connection at once
 * ({@code onError} calls {@code IoUtils.safeClose}), while the rest of the oversized message is
 * still arriving. Closing a socket with unread input makes the kernel answer with a reset, and a
 * client that is still sending sees "connection reset" instead of 1009. This reader instead
 * reports the overflow once, then goes on reading and discarding the rest of the message, so the
 * connection stays orderly while {@link ClientSocket} completes the closing handshake.
 *
 * <p>Runs on the connection's I/O thread only, so it needs no locking.
 */
final class BoundedMessageReader implements ChannelListener<StreamSourceFrameChannel> {

    /** Where the outcome of reading one message goes; exactly one of these is called. */
    interface Sink {
        /** The whole message, within the limit. */
        void message(byte[] payload);

        /** The message passed the limit; the rest is being discarded. */
        void tooLarge(int limit);

        /** Reading failed; the connection is broken. */
        void failed(IOException error);
    }

    private static final int INITIAL_CAPACITY = 4096;

    private final int limit;
    private final Sink sink;
    private byte[] data;
    private int size;
    private boolean overflowed;

    BoundedMessageReader(int limit, Sink sink) {
        this.limit = limit;
        this.sink = sink;
        this.data = new byte[Math.min(limit, INITIAL_CAPACITY)];
    }

    /** Starts reading the message whose first frame is {@code frames}. */
    void read(StreamSourceFrameChannel frames) {
        handleEvent(frames);
    }

    @Override
    public void handleEvent(StreamSourceFrameChannel frames) {
        try (PooledByteBuffer pooled = frames.getWebSocketChannel().getBufferPool().allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (true) {
                buffer.clear();
                int read = frames.read(buffer);
                if (read == -1) {
                    // -1 comes after the final fragment: the message is complete.
                    frames.getReadSetter().set(null);
                    frames.suspendReads();
                    if (!overflowed) {
                        sink.message(size == data.length ? data : Arrays.copyOf(data, size));
                    }
                    return;
                }
                if (read == 0) {
                    frames.getReadSetter().set(this);
                    frames.resumeReads();
                    return;
                }
                if (overflowed) {
                    continue;
                }
                if ((long) size + read > limit) {
                    overflowed = true;
                    data = null;
                    sink.tooLarge(limit);
                    continue;
                }
                buffer.flip();
                ensureCapacity(size + read);
                buffer.get(data, size, read);
                size += read;
            }
        } catch (IOException e) {
            frames.getReadSetter().set(null);
            frames.suspendReads();
            sink.failed(e);
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            int grown = (int) Math.min(limit, Math.max(needed, 2L * data.length));
            data = Arrays.copyOf(data, grown);
        }
    }
}
