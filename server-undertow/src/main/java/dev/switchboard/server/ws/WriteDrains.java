package dev.switchboard.server.ws;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * One write task per I/O thread: the connections of that thread that were handed frames since
 * the task last ran are drained, all of them, in one run. A broadcast over a thousand ports thus
 * wakes each I/O thread once, not once per frame. Thread-safe.
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
        private final ConcurrentLinkedQueue<ConnectionWriter> waiting = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** The gathering-write array of this thread's writers: one per thread, not per connection. */
        private final ByteBuffer[] gather = new ByteBuffer[64];

        private Drain(XnioIoThread thread) {
            this.thread = thread;
        }

        /** Queues {@code writer} for the next run, starting one unless one is already due. */
        void submit(ConnectionWriter writer) {
            waiting.add(writer);
            if (scheduled.compareAndSet(false, true)) {
                try {
                    thread.execute(this);
                } catch (RejectedExecutionException e) {
                    // The server is stopping: its I/O threads run no more tasks, so nothing will be written.
                    scheduled.set(false);
                    ConnectionWriter stranded;
                    while ((stranded = waiting.poll()) != null) {
                        stranded.abandon();
                    }
                }
            }
        }

        /** The array a writer fills for one gathering write; only the drain's own I/O thread uses it. */
        ByteBuffer[] gather() {
            return gather;
        }

        @Override
        public void run() {
            scheduled.set(false);
            ConnectionWriter writer;
            while ((writer = waiting.poll()) != null) {
                writer.drain();
            }
        }
    }
}
