package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.WriteReadyHandler;

/**
 * Writes a connection's data frames straight to its socket, shared pre-encoded frames in one
 * gathering write, on the connection's I/O thread.
 *
 * <p>It sits in the connection's output as an XNIO conduit, between Undertow's WebSocket channel
 * and the socket, so every byte Undertow writes (pings, pongs, close frames) passes through it
 * too. The two streams of frames are put together at frame boundaries only: while one of this
 * writer's frames is half written, Undertow's writes are held back (they return 0 and Undertow
 * waits for write readiness, as it would for a full socket), and this writer starts a frame only
 * when Undertow's last one is complete. After Undertow's close frame nothing more is written.
 *
 * <p>Threading: {@link #send}, {@link #hold}, {@link #startHeld} and {@link #sendAfterQueued} from
 * any thread; everything else runs on the connection's I/O thread, which is also the only thread
 * Undertow writes from. Frames are handed over in the I/O thread's queue ({@link WriteDrains}),
 * shared by all its connections; its run hands each writer its frames of the batch ({@link #take}),
 * which go straight to the socket when nothing of this writer waits, and otherwise join the
 * writer's own {@link FrameQueue}, kept by the I/O thread for frames the socket did not take yet.
 */
final class ConnectionWriter extends AbstractStreamSinkConduit<StreamSinkConduit> {

    private final XnioIoThread ioThread;
    private final WriteDrains.Drain drain;
    /** {@link #writeQueued} as a task for the I/O thread. */
    private final Runnable writeQueuedTask = this::writeQueued;
    private volatile boolean broken;
    private volatile boolean undertowWantsWrites;

    // I/O thread only.
    /**
     * Frames the socket has not taken yet, and what came after them: it starts at two entries, so an
     * idle port holds almost nothing, and grows once to the port's backlog (at most the hub's
     * in-flight writes per port).
     */
    private final FrameQueue queue = new FrameQueue(2);
    /** This writer's entries in the drain's batch: the pass they belong to, the first and the last; set by the drain. */
    long batchPass;
    int batchFirst;
    int batchLast;
    private final OutboundFrameTracker undertow = new OutboundFrameTracker();
    private int[] starts = new int[4];
    private boolean ownWritesResumed;
    private boolean waitingForUndertow;
    /** Undertow's last write was held back by an open frame of ours: finish that frame, then let Undertow go first. */
    private boolean undertowHeldBack;
    private boolean finished;

    private ConnectionWriter(StreamSinkConduit next, XnioIoThread ioThread, WriteDrains.Drain drain) {
        super(next);
        this.ioThread = ioThread;
        this.drain = drain;
    }

    /** Puts a writer into {@code connection}'s output; call before Undertow's channel is built on it. */
    static ConnectionWriter install(StreamConnection connection, WriteDrains drains) {
        ConduitStreamSinkChannel sink = connection.getSinkChannel();
        ConnectionWriter writer = over(sink.getConduit(), connection.getIoThread(), drains);
        sink.setConduit(writer);
        writer.setWriteReadyHandler(new WriteReadyHandler.ChannelListenerHandler<>(sink));
        return writer;
    }

    /** A writer in front of {@code next}, owned by {@code ioThread}; {@link #install} puts it into a connection. */
    static ConnectionWriter over(StreamSinkConduit next, XnioIoThread ioThread, WriteDrains drains) {
        return new ConnectionWriter(next, ioThread, drains.of(ioThread));
    }

    /** Writes {@code frame} (a complete frame, not shared with another writer) and completes {@code callback}. */
    void send(ByteBuffer frame, DeliveryCallback callback) {
        drain.add(this, frame, callback, null);
        drain.start();
    }

    /**
     * Queues {@code frame} like {@link #send}, but leaves starting the I/O thread's drain to the
     * next {@link #startHeld} (or any send), so that a broadcast hands the thread all its ports' frames
     * in one task.
     */
    void hold(ByteBuffer frame, DeliveryCallback callback) {
        drain.add(this, frame, callback, null);
    }

    /** Starts the drain that writes what {@link #hold} queued, unless it is due or done already. */
    void startHeld() {
        drain.start();
    }

    /** Runs {@code action} on the I/O thread once every frame sent before it is written (or failed). */
    void sendAfterQueued(Runnable action) {
        drain.add(this, null, null, action);
        drain.start();
    }

    /**
     * Called by the I/O thread's drain with this writer's entries of its batch: {@code first} and
     * on through {@code next}, each {@link WriteDrains#SLOTS} slots of {@code entries}. When nothing
     * of this writer waits, the frames go to the socket in one gathering write straight from the
     * batch, and only what the socket did not take joins the writer's queue; otherwise they join the
     * queue behind what waits.
     */
    void take(Object[] entries, int[] next, int first) {
        int i = first;
        if (queue.isEmpty() && !ownWritesResumed && mayStartFrame()) {
            i = writeFromBatch(entries, next, first);
            if (i < 0) {
                return; // all written, or the socket filled and the rest is queued
            }
        }
        queueChain(entries, next, i);
        writeQueued();
    }

    /** Appends the entries of the chain from {@code i} on to the queue, in order. */
    private void queueChain(Object[] entries, int[] next, int i) {
        for (; i >= 0; i = next[i]) {
            int slot = i * WriteDrains.SLOTS;
            if (entries[slot + 1] instanceof ByteBuffer frame) {
                queue.add(frame, (DeliveryCallback) entries[slot + 2], null);
            } else {
                queue.add(null, null, (Runnable) entries[slot + 1]);
            }
        }
    }

    /** What {@link #writeFromBatch} returns when the socket filled and the rest is queued, waiting for write readiness. */
    private static final int SOCKET_FULL = -2;

    /**
     * Writes the frames at the head of the chain that starts at {@code i} and completes those written
     * whole. Returns -1 when the whole chain is done, {@link #SOCKET_FULL} when the socket filled (the
     * rest is queued), or the first entry still to queue (an action, frames past one gathering write,
     * or everything after a failed write).
     */
    private int writeFromBatch(Object[] entries, int[] next, int i) {
        ByteBuffer[] gather = drain.gather();
        int count = 0;
        long offered = 0;
        int end = i;
        while (end >= 0 && count < gather.length && entries[end * WriteDrains.SLOTS + 1] instanceof ByteBuffer frame) {
            gather[count++] = frame;
            offered += frame.remaining();
            end = next[end];
        }
        if (count == 0) {
            return i; // an action first: the queue runs it in order
        }
        long written;
        try {
            written = this.next.write(gather, 0, count);
        } catch (IOException e) {
            broken = true;
            return i; // the queue fails them all
        } finally {
            java.util.Arrays.fill(gather, 0, count, null);
        }
        while (i != end && !((ByteBuffer) entries[i * WriteDrains.SLOTS + 1]).hasRemaining()) {
            DeliveryCallback done = (DeliveryCallback) entries[i * WriteDrains.SLOTS + 2];
            i = next[i];
            done.delivered();
        }
        if (written < offered) {
            // As in writeQueued: the socket is full; the rest waits in the queue for write readiness.
            queueChain(entries, next, i);
            ownWritesResumed = true;
            this.next.resumeWrites();
            return SOCKET_FULL;
        }
        return i;
    }

    /** Whether a new frame of this writer may go to the socket now: open, and Undertow at a frame boundary with nothing held back. */
    private boolean mayStartFrame() {
        return !broken && !finished && !undertow.closeSent() && undertow.atBoundary() && !undertowHeldBack;
    }

    /** One of this writer's entries that its I/O thread will not take (it runs no more tasks): fail the frame, or run the action so closes still happen. */
    void abandon(Object item, DeliveryCallback callback) {
        broken = true;
        fail(callback, item instanceof Runnable action ? action : null);
    }

    /** The connection closed: nothing queued will be written. */
    void connectionClosed() {
        broken = true;
        if (ioThread == Thread.currentThread()) {
            writeQueued();
        } else {
            try {
                ioThread.execute(writeQueuedTask);
            } catch (RejectedExecutionException e) {
                // The thread runs no more tasks: what waits in its drain is failed there.
                drain.abandonWaiting();
            }
        }
    }

    private void writeQueued() {
        while (!queue.isEmpty()) {
            if (broken || finished || undertow.closeSent()) {
                failQueued();
                return;
            }
            if (!undertow.atBoundary()) {
                // Undertow is in the middle of a frame; its next write finishes it and calls us back.
                waitingForUndertow = true;
                return;
            }
            Runnable action = queue.action(0);
            if (action != null) {
                queue.removeFirst();
                action.run();
                continue;
            }
            ByteBuffer[] gather = drain.gather();
            int count = 0;
            // Fair to Undertow: once it waited for us, we finish the open frame and start no new one before it wrote.
            int most = undertowHeldBack ? 1 : gather.length;
            long offered = 0;
            for (int k = 0, n = queue.size(); k < n && count < most; k++) {
                ByteBuffer frame = queue.frame(k);
                if (frame == null) {
                    break; // an action: it runs once the frames before it are written
                }
                offered += frame.remaining();
                gather[count++] = frame;
            }
            long written;
            try {
                written = next.write(gather, 0, count);
            } catch (IOException e) {
                broken = true;
                failQueued();
                return;
            } finally {
                java.util.Arrays.fill(gather, 0, count, null);
            }
            while (!queue.isEmpty() && queue.action(0) == null && !queue.frame(0).hasRemaining()) {
                DeliveryCallback done = queue.firstCallback();
                queue.removeFirst();
                done.delivered();
            }
            if (written < offered) {
                // The socket is full, whether or not it stopped inside a frame (it may have taken the
                // last byte of one and none of the next): wait for write readiness. Looping here
                // instead would spin the I/O thread for as long as the client does not read.
                ownWritesResumed = true;
                next.resumeWrites();
                return;
            }
            if (undertowHeldBack) {
                // Undertow's next write (it is waiting for write readiness) calls us back at its boundary.
                waitingForUndertow = true;
                return;
            }
        }
    }

    /** Whether one of this writer's frames is partly written, so that nothing else may go out before its end. */
    private boolean ownFrameOpen() {
        if (queue.isEmpty()) {
            return false;
        }
        ByteBuffer head = queue.frame(0);
        return head != null && head.position() > 0 && head.hasRemaining();
    }

    private void failQueued() {
        while (!queue.isEmpty()) {
            DeliveryCallback callback = queue.firstCallback();
            Runnable action = queue.action(0);
            queue.removeFirst();
            fail(callback, action);
        }
    }

    private static void fail(DeliveryCallback callback, Runnable action) {
        if (action != null) {
            action.run();
        } else {
            callback.failed(new ClosedChannelException());
        }
    }

    // Undertow's side: its writes pass through here.

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (ownFrameOpen()) {
            undertowHeldBack = true;
            writeQueued();
            if (ownFrameOpen()) {
                return 0;
            }
        }
        undertowHeldBack = false;
        if (starts.length < length) {
            starts = new int[length];
        }
        for (int i = 0; i < length; i++) {
            starts[i] = srcs[offset + i].position();
        }
        long written = next.write(srcs, offset, length);
        for (int i = 0; i < length && written > 0; i++) {
            undertow.written(srcs[offset + i], starts[i]);
        }
        if (waitingForUndertow && undertow.atBoundary()) {
            waitingForUndertow = false;
            // Not from inside Undertow's flush: a queued close would re-enter it.
            ioThread.execute(writeQueuedTask);
        }
        return written;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        return Conduits.writeFinalBasic(this, src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return Conduits.writeFinalBasic(this, srcs, offset, length);
    }

    @Override
    public void terminateWrites() throws IOException {
        finished = true;
        super.terminateWrites();
    }

    @Override
    public void resumeWrites() {
        undertowWantsWrites = true;
        next.resumeWrites();
    }

    @Override
    public void wakeupWrites() {
        undertowWantsWrites = true;
        next.wakeupWrites();
    }

    @Override
    public void suspendWrites() {
        undertowWantsWrites = false;
        if (!ownWritesResumed) {
            next.suspendWrites();
        }
    }

    @Override
    public boolean isWriteResumed() {
        return undertowWantsWrites;
    }

    @Override
    public void setWriteReadyHandler(WriteReadyHandler handler) {
        next.setWriteReadyHandler(new Ready(handler));
    }

    /** The socket can take more: finish this writer's frames first, then let Undertow write if it asked to. */
    private final class Ready implements WriteReadyHandler {
        private final WriteReadyHandler undertowHandler;

        Ready(WriteReadyHandler undertowHandler) {
            this.undertowHandler = undertowHandler;
        }

        @Override
        public void writeReady() {
            if (ownWritesResumed) {
                ownWritesResumed = false;
                writeQueued();
            }
            if (undertowWantsWrites) {
                undertowHandler.writeReady();
            } else if (!ownWritesResumed) {
                next.suspendWrites();
            }
            if (undertowHeldBack) {
                // Undertow had nothing more to write after all: our frames need not wait for it.
                undertowHeldBack = false;
                if (waitingForUndertow && undertow.atBoundary()) {
                    waitingForUndertow = false;
                    writeQueued();
                }
            }
        }

        @Override
        public void forceTermination() {
            undertowHandler.forceTermination();
        }

        @Override
        public void terminated() {
            broken = true;
            writeQueued();
            undertowHandler.terminated();
        }
    }
}
