package dev.switchboard.server.ws;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * One write task per I/O thread: the connections of that thread that were handed frames since
 * the task last ran are drained, all of them, in one run. A broadcast over a thousand ports thus
 * wakes each I/O thread once, not once per frame. Thread-safe.
 *
 * <p>A writer is queued at most once until its drain runs (its own flag sees to that), so the
 * waiting writers are an array no longer than the thread's connections, swapped with a second one
 * when the task runs: a submit allocates nothing.
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
        /** Writers submitted since the last run; guarded by this drain's monitor, like {@link #count}. */
        private ConnectionWriter[] waiting = new ConnectionWriter[16];
        private int count;
        /** The batch being drained; the I/O thread only. */
        private ConnectionWriter[] running = new ConnectionWriter[16];
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** The gathering-write array of this thread's writers: one per thread, not per connection. */
        private final ByteBuffer[] gather = new ByteBuffer[64];

        private Drain(XnioIoThread thread) {
            this.thread = thread;
        }

        /** Queues {@code writer} for the next run, starting one unless one is already due. */
        void submit(ConnectionWriter writer) {
            synchronized (this) {
                if (count == waiting.length) {
                    waiting = java.util.Arrays.copyOf(waiting, count * 2);
                }
                waiting[count++] = writer;
            }
            if (scheduled.compareAndSet(false, true)) {
                try {
                    thread.execute(this);
                } catch (RejectedExecutionException e) {
                    // The server is stopping: its I/O threads run no more tasks, so nothing will be written.
                    scheduled.set(false);
                    ConnectionWriter stranded;
                    while ((stranded = takeOne()) != null) {
                        stranded.abandon();
                    }
                }
            }
        }

        /** The array a writer fills for one gathering write; only the drain's own I/O thread uses it. */
        ByteBuffer[] gather() {
            return gather;
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
            scheduled.set(false);
            while (true) {
                int n;
                ConnectionWriter[] batch;
                synchronized (this) {
                    if (count == 0) {
                        return;
                    }
                    batch = waiting;
                    n = count;
                    waiting = running.length >= batch.length ? running : new ConnectionWriter[batch.length];
                    count = 0;
                }
                running = batch;
                for (int i = 0; i < n; i++) {
                    ConnectionWriter writer = batch[i];
                    batch[i] = null;
                    writer.drain();
                }
            }
        }
    }
}
