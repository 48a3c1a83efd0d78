package dev.switchboard.bench.common;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.IoUtils;

/**
 * A set of Undertow WebSocket channels that one frame is written to, each with
 * {@link WebSockets#sendBinary}. This is all the origin (in direct mode) and the ceiling server
 * do per delivery, so it is the least a front end can do.
 *
 * <p>The only logic beyond the write is a bound: a channel with too many unwritten frames is
 * closed (as the hub ends a port whose 4096-item queue is full), because Undertow queues without
 * limit and a saturated run would otherwise end in an OutOfMemoryError instead of a measurement.
 * Undertow holds a few hundred bytes per queued frame (its frame channel, buffer view and
 * callback), unlike the hub, which queues its own small items and keeps one write per port in
 * Undertow; so the bound is each channel's fair share of {@value #PENDING_BUDGET} frames in all,
 * never more than the hub's {@value #MAX_PENDING} nor fewer than {@value #MIN_PENDING}. The array
 * is copied on change so the broadcast loop takes no lock.
 */
public final class Fanout implements Broadcast {

    /** The same bound as the hub's default port queue. */
    public static final int MAX_PENDING = 4096;
    /** Frames that may wait in Undertow across all channels: a few hundred MB at most. */
    public static final int PENDING_BUDGET = 1_000_000;
    /** Never close a channel for fewer frames than this. */
    public static final int MIN_PENDING = 64;

    private volatile Slot[] slots = new Slot[0];
    private final AtomicLong overflowClosed = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();

    /** Adds a channel; it leaves by itself when it closes. */
    public void add(WebSocketChannel channel) {
        Slot slot = new Slot(channel);
        synchronized (this) {
            Slot[] s = Arrays.copyOf(slots, slots.length + 1);
            s[s.length - 1] = slot;
            slots = s;
        }
        channel.addCloseTask(c -> remove(slot));
    }

    private synchronized void remove(Slot slot) {
        Slot[] s = slots;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == slot) {
                Slot[] n = new Slot[s.length - 1];
                System.arraycopy(s, 0, n, 0, i);
                System.arraycopy(s, i + 1, n, i, s.length - i - 1);
                slots = n;
                return;
            }
        }
    }

    /** Writes {@code frame} to every channel without waiting; returns how many it was handed to. */
    @Override
    public int broadcast(byte[] frame) {
        Slot[] s = slots;
        int limit = Math.max(MIN_PENDING, Math.min(MAX_PENDING, PENDING_BUDGET / Math.max(1, s.length)));
        for (Slot slot : s) {
            slot.send(frame, limit);
        }
        return s.length;
    }

    public int size() {
        return slots.length;
    }

    /** Channels closed because too many of their frames were waiting. */
    public long overflowClosed() {
        return overflowClosed.get();
    }

    public long writeErrors() {
        return writeErrors.get();
    }

    /** One channel and its count of frames handed to Undertow but not yet written. */
    private final class Slot extends AtomicInteger implements WebSocketCallback<Void> {
        private final WebSocketChannel channel;
        private volatile boolean overflowed;

        Slot(WebSocketChannel channel) {
            this.channel = channel;
        }

        void send(byte[] frame, int limit) {
            if (!channel.isOpen()) {
                return; // gone, its close task not yet run: writing would only queue a failure
            }
            if (incrementAndGet() > limit) {
                decrementAndGet();
                if (!overflowed) {
                    overflowed = true;
                    overflowClosed.incrementAndGet();
                    IoUtils.safeClose(channel);
                }
                return;
            }
            // A view per channel: Undertow moves the buffer's position as it writes; the bytes are shared.
            WebSockets.sendBinary(ByteBuffer.wrap(frame), channel, this);
        }

        @Override
        public void complete(WebSocketChannel ch, Void context) {
            decrementAndGet();
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable error) {
            decrementAndGet();
            writeErrors.incrementAndGet();
            IoUtils.safeClose(ch);
        }
    }
}
