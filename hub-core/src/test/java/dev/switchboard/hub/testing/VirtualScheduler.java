package dev.switchboard.hub.testing;

import dev.switchboard.hub.time.Cancellable;
import dev.switchboard.hub.time.HubScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A {@link HubScheduler} in virtual time: nothing runs until the test says so, and time moves
 * only when the test advances it. Lifecycle tests (linger, backoff, heartbeats) run in
 * microseconds and never sleep. Tasks run on the calling test thread.
 */
public final class VirtualScheduler implements HubScheduler {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long nowNanos;
    private long order;
    private boolean shutdown;

    @Override
    public synchronized void execute(Runnable task) {
        if (!shutdown) {
            tasks.add(new Task(nowNanos, order++, task));
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(nowNanos + delay.toNanos(), order++, task);
        if (!shutdown) {
            tasks.add(t);
        }
        return () -> {
            synchronized (VirtualScheduler.this) {
                t.cancelled = true;
            }
        };
    }

    @Override
    public synchronized long nanoTime() {
        return nowNanos;
    }

    @Override
    public synchronized Instant now() {
        return START.plusNanos(nowNanos);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    /** Runs every task that is due now, including ones those tasks submit. */
    public void runUntilIdle() {
        advance(Duration.ZERO);
    }

    /** Moves time forward, running every task that falls due on the way, in time order. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowNanos + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.at > target) {
                    nowNanos = target;
                    return;
                }
                tasks.poll();
                nowNanos = Math.max(nowNanos, next.at);
                if (next.cancelled) {
                    continue;
                }
            }
            next.task.run();
        }
    }

    /** How many tasks are waiting, cancelled ones excluded. */
    public synchronized long pendingTasks() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Task implements Comparable<Task> {
        final long at;
        final long order;
        final Runnable task;
        boolean cancelled;

        Task(long at, long order, Runnable task) {
            this.at = at;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }
}
