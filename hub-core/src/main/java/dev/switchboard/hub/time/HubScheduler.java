package dev.switchboard.hub.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The one thread a hub's state lives on, and its sense of time.
 *
 * <p>Every change to a hub's state (ports attaching and ending, upstream callbacks, timers)
 * runs as a task here, one at a time and in submission order, so the hub needs no locks. Tests
 * substitute a virtual-time implementation, so lifecycle logic (linger, backoff, heartbeats)
 * is tested without sleeping.
 */
public interface HubScheduler {

    /** Runs the task soon, after every task submitted before it. Callable from any thread. */
    void execute(Runnable task);

    /** Runs the task after the delay. Callable from any thread. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A monotonic clock in nanoseconds, for deadlines and ages. */
    long nanoTime();

    /** The wall-clock time, for events people read. */
    Instant now();

    /** Stops the thread once the tasks already submitted have run. Later tasks are dropped. */
    void shutdown();
}
