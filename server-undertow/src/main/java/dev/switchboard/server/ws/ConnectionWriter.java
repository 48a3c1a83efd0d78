package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
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
 * Undertow writes from. Frames are
 * handed over in a lock-guarded {@link FrameQueue} (the lock is held only to append, and by the
 * I/O thread to move the whole batch to its own queue), so a frame costs no queue node.
 */
final class ConnectionWriter extends AbstractStreamSinkConduit<StreamSinkConduit> {

    private final XnioIoThread ioThread;
    private final WriteDrains.Drain drain;
    /**
     * Frames handed over and not yet taken by the I/O thread; guarded by its own monitor. Both
     * queues start at two entries, so an idle port holds almost nothing, and grow once to the
     * port's backlog (at most the hub's in-flight writes per port).
     */
    private final FrameQueue inbox = new FrameQueue(2);
    /**
     * 1 from the hand-over that queued this writer on its drain until the drain takes it. A field
     * of the writer, not an atomic object of its own: every delivery sets it, from the hub's
     * thread, and the I/O thread clears it, so one object less is one cache line less between them.
     */
    private volatile int submitted;
    private static final AtomicIntegerFieldUpdater<ConnectionWriter> SUBMITTED =
            AtomicIntegerFieldUpdater.newUpdater(ConnectionWriter.class, "submitted");
    private final Runnable resumeAfterUndertow = this::writeQueued;
    private volatile boolean broken;
    private volatile boolean undertowWantsWrites;

    // I/O thread only.
    private final FrameQueue queue = new FrameQueue(2);
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
        enqueue(frame, callback, null);
        drain.start();
    }

    /**
     * Queues {@code frame} like {@link #send}, but leaves starting the I/O thread's drain to the
     * next {@link #startHeld} (or any send), so that a broadcast hands the thread all its ports' frames
     * in one task.
     */
    void hold(ByteBuffer frame, DeliveryCallback callback) {
        enqueue(frame, callback, null);
    }

    /** Starts the drain that writes what {@link #hold} queued, unless it is due or done already. */
    void startHeld() {
        if (submitted != 0) {
            drain.start();
        }
    }

    /** Runs {@code action} on the I/O thread once every frame sent before it is written (or failed). */
    void sendAfterQueued(Runnable action) {
        enqueue(null, null, action);
        drain.start();
    }

    private void enqueue(ByteBuffer frame, DeliveryCallback callback, Runnable action) {
        synchronized (inbox) {
            inbox.add(frame, callback, action);
        }
        if (submitted == 0 && SUBMITTED.compareAndSet(this, 0, 1)) {
            drain.add(this);
        }
    }

    /** Called by the I/O thread's drain: takes what was handed over and writes what the socket takes. */
    void drain() {
        submitted = 0;
        synchronized (inbox) {
            inbox.moveAllTo(queue);
        }
        writeQueued();
    }

    /** The I/O thread takes no more tasks: fail what was handed over (actions run, so closes still happen). */
    void abandon() {
        submitted = 0;
        broken = true;
        failHandedOver();
    }

    /** Fails the hand-over queue one entry at a time, outside the lock: a callback or action may send again. */
    private void failHandedOver() {
        while (true) {
            DeliveryCallback callback;
            Runnable action;
            synchronized (inbox) {
                if (inbox.isEmpty()) {
                    return;
                }
                callback = inbox.firstCallback();
                action = inbox.action(0);
                inbox.removeFirst();
            }
            fail(callback, action);
        }
    }

    /** The connection closed: nothing queued will be written. */
    void connectionClosed() {
        broken = true;
        if (ioThread == Thread.currentThread()) {
            drain();
        } else {
            try {
                ioThread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                abandon();
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
        failHandedOver();
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
            ioThread.execute(resumeAfterUndertow);
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
