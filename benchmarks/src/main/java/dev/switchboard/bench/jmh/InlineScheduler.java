package dev.switchboard.bench.jmh;

import dev.switchboard.hub.time.Cancellable;
import dev.switchboard.hub.time.HubScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A {@link HubScheduler} that runs tasks on the calling thread, so a benchmark measures the hub's
 * own work without a thread hop. Tasks submitted from inside a task are queued and run after it,
 * as on the real hub thread (never nested), which keeps the hub's ordering rules intact.
 * Timers never fire: heartbeats, linger and backoff are not what these benchmarks measure.
 * Single-threaded use only.
 */
public final class InlineScheduler implements HubScheduler {

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (running) {
            return;
        }
        running = true;
        try {
            for (Runnable next; (next = queue.poll()) != null; ) {
                next.run();
            }
        } finally {
            running = false;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return () -> { };
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void shutdown() {
        queue.clear();
    }
}
