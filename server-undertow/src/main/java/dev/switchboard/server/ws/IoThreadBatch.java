package dev.switchboard.server.ws;

import java.util.Map;
import java.util.Queue;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;

/**
 * Runs writes on one Undertow I/O thread in batches.
 *
 * <p>A hub broadcasts from its own thread. Handing each port's frame to that port's I/O thread
 * one by one costs a task and a selector wake-up per port per message (the benchmarks showed it
 * as the front end's largest cost at 10,000 ports); queueing them here costs one hand-off per
 * I/O thread for everything queued meanwhile. Work submitted on the I/O thread itself runs at
 * once.
 */
final class IoThreadBatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IoThreadBatch.class);

    /** Weak keys: a stopped server's threads must not be kept alive by this map. */
    private static final Map<XnioIoThread, IoThreadBatch> BATCHES = new WeakHashMap<>();

    private final XnioIoThread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private IoThreadBatch(XnioIoThread thread) {
        this.thread = thread;
    }

    /** The batch of this I/O thread; looked up once per connection. */
    static IoThreadBatch of(XnioIoThread thread) {
        synchronized (BATCHES) {
            return BATCHES.computeIfAbsent(thread, IoThreadBatch::new);
        }
    }

    /** Runs the task on this batch's I/O thread, after the tasks submitted before it. */
    void submit(Runnable task) {
        if (Thread.currentThread() == thread && tasks.isEmpty()) {
            task.run();
            return;
        }
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this);
            } catch (RejectedExecutionException e) {
                // The server is stopping: run what is queued here; the closed channels fail the writes.
                run();
            }
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("a write on an I/O thread failed", e);
            }
        }
    }
}
