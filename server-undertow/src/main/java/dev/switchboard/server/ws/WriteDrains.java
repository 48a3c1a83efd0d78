package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.xnio.XnioIoThread;

/**
 * One hand-over queue and one write task per I/O thread: every frame (and every action) for a
 * connection of that thread is appended to the thread's queue, and the task, when it runs, writes
 * all of them, connection by connection. Frames of a broadcast are appended first and the run is
 * started after the last port's ({@link Drain#start}, from the hub's flush), so a broadcast over a
 * thousand ports wakes each I/O thread once, not once per frame. Thread-safe.
 *
 * <p>Why one queue per thread and not one per connection: a delivery then stores its frame and
 * callback into neighbouring slots of one array that every delivery of the broadcast shares, so
 * a thousand deliveries dirty a few dozen GC cards instead of a thousand (under G1 each dirty card
 * is work for the refinement threads), and a connection holds no hand-over queue of its own. The
 * run finds each connection's frames in the batch through a chain of indices (primitive fields of
 * the writer and an {@code int} array of the drain), so putting them together stores no reference
 * either.
 */
final class WriteDrains {

    /** Slots per entry: the writer, the frame or action, the frame's callback (null for an action). */
    static final int SLOTS = 3;

    private final Map<XnioIoThread, Drain> drains = new ConcurrentHashMap<>();

    /** The drain of the I/O thread that owns a connection. */
    Drain of(XnioIoThread thread) {
        return drains.computeIfAbsent(thread, Drain::new);
    }

    /** The frames and actions of one I/O thread's connections waiting to be written or run. */
    static final class Drain implements Runnable {
        private final XnioIoThread thread;
        /** Entries handed over since the last run took its batch; guarded by this drain's monitor, like {@link #count}. */
        private Object[] waiting = new Object[SLOTS * 16];
        private int count;
        /**
         * A run is queued on the I/O thread and has not taken the waiting entries yet. Written under
         * the monitor (set by {@link #start}, cleared by the run as it takes a batch), read without it.
         */
        private volatile boolean scheduled;
        // The I/O thread only, from here on.
        /** The batch being written, swapped with {@link #waiting} by each pass of a run. */
        private Object[] batch = new Object[SLOTS * 16];
        /** For each entry of the batch, the next entry of the same writer, or -1. */
        private int[] nextOfWriter = new int[16];
        /** Passes so far: marks which pass a writer's chain fields belong to. */
        private long passes;
        /** A run is in progress. */
        private boolean inRun;
        /** Runs so far, for tests. */
        private long runs;
        /** The gathering-write array of this thread's writers: one per thread, not per connection. */
        private final ByteBuffer[] gather = new ByteBuffer[64];

        private Drain(XnioIoThread thread) {
            this.thread = thread;
        }

        /**
         * Appends a frame and its callback, or (frame and callback null) an action, for
         * {@code writer}; {@link #start} makes sure a run comes for it.
         */
        void add(ConnectionWriter writer, ByteBuffer frame, DeliveryCallback callback, Runnable action) {
            synchronized (this) {
                int i = count * SLOTS;
                if (i == waiting.length) {
                    waiting = Arrays.copyOf(waiting, i * 2);
                }
                waiting[i] = writer;
                if (frame != null) {
                    waiting[i + 1] = frame;
                    waiting[i + 2] = callback;
                } else {
                    waiting[i + 1] = action;
                }
                count++;
            }
        }

        /**
         * Makes sure a run comes for the entries appended: none is started when one is queued and
         * has not taken them yet, when there is nothing waiting, or when this is the I/O thread
         * inside a run (its loop takes them before it ends). A broadcast calls this once per port
         * after it appended every port's frame: the first call starts the one run, the others find
         * it due or the entries taken.
         */
        void start() {
            if (scheduled || (Thread.currentThread() == thread && inRun)) {
                return;
            }
            synchronized (this) {
                if (scheduled || count == 0) {
                    return;
                }
                scheduled = true;
            }
            try {
                thread.execute(this);
            } catch (RejectedExecutionException e) {
                // The server is stopping: its I/O threads run no more tasks, so nothing will be written.
                synchronized (this) {
                    scheduled = false;
                }
                abandonWaiting();
            }
        }

        /** Fails every waiting frame and runs every waiting action (so closes still happen), one at a time, outside the lock. */
        void abandonWaiting() {
            while (true) {
                ConnectionWriter writer;
                Object item;
                DeliveryCallback callback;
                synchronized (this) {
                    if (count == 0) {
                        return;
                    }
                    int i = --count * SLOTS;
                    writer = (ConnectionWriter) waiting[i];
                    item = waiting[i + 1];
                    callback = (DeliveryCallback) waiting[i + 2];
                    waiting[i] = waiting[i + 1] = waiting[i + 2] = null;
                }
                writer.abandon(item, callback);
            }
        }

        /** The array a writer fills for one gathering write; only the drain's own I/O thread uses it. */
        ByteBuffer[] gather() {
            return gather;
        }

        /** How many runs this drain made; read it on the I/O thread, or after a task it ran. */
        long runs() {
            return runs;
        }

        @Override
        public void run() {
            runs++;
            inRun = true;
            try {
                while (true) {
                    Object[] taken;
                    int n;
                    synchronized (this) {
                        scheduled = false;
                        if (count == 0) {
                            return;
                        }
                        taken = waiting;
                        n = count;
                        waiting = batch.length >= taken.length ? batch : new Object[taken.length];
                        count = 0;
                    }
                    batch = taken;
                    writeBatch(taken, n);
                    Arrays.fill(taken, 0, n * SLOTS, null);
                }
            } finally {
                inRun = false;
            }
        }

        /** Links each writer's entries of the batch, in order, then hands each writer its chain once. */
        private void writeBatch(Object[] entries, int n) {
            if (nextOfWriter.length < n) {
                nextOfWriter = new int[Math.max(n, nextOfWriter.length * 2)];
            }
            int[] next = nextOfWriter;
            long pass = ++passes;
            for (int i = 0; i < n; i++) {
                ConnectionWriter writer = (ConnectionWriter) entries[i * SLOTS];
                next[i] = -1;
                if (writer.batchPass != pass) {
                    writer.batchPass = pass;
                    writer.batchFirst = i;
                } else {
                    next[writer.batchLast] = i;
                }
                writer.batchLast = i;
            }
            for (int i = 0; i < n; i++) {
                ConnectionWriter writer = (ConnectionWriter) entries[i * SLOTS];
                if (writer.batchFirst == i) {
                    writer.take(entries, next, i);
                }
            }
        }
    }
}
