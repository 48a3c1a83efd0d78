package dev.switchboard.hub.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link HubScheduler}: one daemon thread per hub. */
public final class ExecutorHubScheduler implements HubScheduler {

    private static final Logger log = LoggerFactory.getLogger(ExecutorHubScheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Clock clock;

    /** A scheduler whose thread is named {@code switchboard-hub-NAME}. */
    public ExecutorHubScheduler(String hubName, Clock clock) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "switchboard-hub-" + hubName);
            thread.setDaemon(true);
            return thread;
        });
        // Cancelled linger and backoff timers should not pile up in the queue.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("hub scheduler is shut down; dropped a task", e);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> future = executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            log.debug("hub scheduler is shut down; dropped a timer", e);
            return () -> { };
        }
    }

    /** A task that throws must not kill the hub's only thread or hide the error. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                log.error("unexpected error in a hub task; the hub carries on", t);
            }
        };
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }
}
