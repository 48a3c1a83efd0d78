package dev.switchboard.server.ws;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.xnio.XnioIoThread;

/**
 * One write task per I/O thread: the connections of that thread that were handed frames since
 * the task last ran are drained, all of them, in one run. Frames of a broadcast are queued first
 * and the run is started after the last port's ({@link Drain#start}, from the hub's flush), so a
 * broadcast over a thousand ports wakes each I/O thread once, not once per frame. Thread-safe.
 *
 * <p>A writer is queued at most once until its drain runs (its own flag sees to that), so the
 * waiting writers are an array no longer than the thread's connections, swapped with a second one
 * when the task runs: queuing a writer allocates nothing.
 */
final class WriteDrains {

    private final Map<XnioIoThread, Drain> drains = new ConcurrentHashMap<>();

    /** The drain of the I/O thread that owns a connection. */
    Drain of(XnioIoThread thread) {
        return drains.computeIfAbsent(thread, Drain::new);
    }

    /** The connections of one I/O thread waiting to write. */
    static final class Drain implements Runnable {
        private final XnioIoThread thread;
        /** Writers queued since the last run took its batch; guarded by this drain's monitor, like {@link #count}. */
        private ConnectionWriter[] waiting = new ConnectionWriter[16];
        private int count;
        /**
         * A run is queued on the I/O thread and has not taken the waiting writers yet. Written under
         * the monitor (set by {@link #start}, cleared by the run as it takes a batch), read without it.
         */
        private volatile boolean scheduled;
        /** The batch being drained; the I/O thread only. */
        private ConnectionWriter[] batch = new ConnectionWriter[16];
        /** A run is in progress; read and written by the I/O thread only. */
        private boolean inRun;
        /** Runs so far, for tests; the I/O thread only. */
        private long runs;
        /** The gathering-write array of this thread's writers: one per thread, not per connection. */
        private final ByteBuffer[] gather = new ByteBuffer[64];

        private Drain(XnioIoThread thread) {
            this.thread = thread;
        }

        /** Queues {@code writer} for the next run; {@link #start} makes sure one comes. */
        void add(ConnectionWriter writer) {
            synchronized (this) {
                if (count == waiting.length) {
                    waiting = Arrays.copyOf(waiting, count * 2);
                }
                waiting[count++] = writer;
            }
        }

        /**
         * Makes sure a run comes for the writers queued: none is started when one is queued and has
         * not taken them yet, when a run took them already, or when this is the I/O thread inside a
         * run (its loop takes them before it ends). A broadcast calls this once per port after it
         * queued every port's frame: the first call starts the one run, the others find it due or
         * their writers taken.
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
                ConnectionWriter stranded;
                while ((stranded = takeOne()) != null) {
                    stranded.abandon();
                }
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

        private synchronized ConnectionWriter takeOne() {
            if (count == 0) {
                return null;
            }
            ConnectionWriter last = waiting[--count];
            waiting[count] = null;
            return last;
        }

        @Override
        public void run() {
            runs++;
            inRun = true;
            while (true) {
                int n;
                ConnectionWriter[] taken;
                synchronized (this) {
                    scheduled = false;
                    if (count == 0) {
                        inRun = false;
                        return;
                    }
                    taken = waiting;
                    n = count;
                    waiting = batch.length >= taken.length ? batch : new ConnectionWriter[taken.length];
                    count = 0;
                }
                batch = taken;
                for (int i = 0; i < n; i++) {
                    ConnectionWriter writer = taken[i];
                    taken[i] = null;
                    writer.drain();
                }
            }
        }
    }
}
