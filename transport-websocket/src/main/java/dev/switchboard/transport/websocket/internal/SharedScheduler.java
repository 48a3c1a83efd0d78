package dev.switchboard.transport.websocket.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One small daemon {@link ScheduledExecutorService} for all the timers of one provider (connect
 * timeouts, pings, heartbeat checks, close deadlines), created on first use so that a provider
 * that is discovered but never used starts no thread.
 *
 * <p>Its thread stops after a while without work and comes back when needed; being a daemon,
 * it never keeps the JVM alive. It is never shut down, because connections may outlive anyone
 * who could decide to.
 */
public final class SharedScheduler {

    private static final long IDLE_SECONDS = 30;

    private final String threadName;
    private volatile ScheduledExecutorService executor;

    /** A holder whose threads will be named {@code threadName-N}; creates nothing yet. */
    public SharedScheduler(String threadName) {
        this.threadName = threadName;
    }

    /** The executor, created on the first call. */
    public ScheduledExecutorService get() {
        ScheduledExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    e = create();
                    executor = e;
                }
            }
        }
        return e;
    }

    private ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, new DaemonThreads(threadName));
        // Heartbeat checks are rescheduled and cancelled constantly; do not let dead ones pile up.
        e.setRemoveOnCancelPolicy(true);
        e.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        e.allowCoreThreadTimeOut(true);
        return e;
    }
}
