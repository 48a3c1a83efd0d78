package dev.switchboard.api.spi.support;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in the order they were added, on whichever thread happens to be
 * draining. Several threads produce callbacks for one connection (the socket reader, the writer
 * when a write fails, the timer thread); this keeps them from ever running concurrently without
 * making any producer wait on a lock: a thread that finds another one draining just leaves its
 * task behind, and the drainer runs it next.
 *
 * <p>Handing over through the queue and the flag also makes each task see everything that the
 * tasks before it did.
 */
final class SerialQueue {

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Adds the task and runs it here and now, unless another thread is draining. */
    void run(Runnable task) {
        tasks.add(task);
        drain();
    }

    /** Adds the task without running anything; someone must call {@link #drain()} later. */
    void add(Runnable task) {
        tasks.add(task);
    }

    /** Runs queued tasks until none are left, unless another thread is already doing so. */
    void drain() {
        do {
            if (!draining.compareAndSet(false, true)) {
                return;
            }
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
            } finally {
                draining.set(false);
            }
            // A producer may have added a task after our last poll and before we let go.
        } while (!tasks.isEmpty());
    }
}
