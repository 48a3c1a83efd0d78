package dev.switchboard.transport.websocket.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches an open connection: pings it every interval and calls {@code onSilence} once when
 * nothing at all has been heard for the timeout.
 *
 * <p>Java-WebSocket's own connection-lost timer is not used: it counts whole seconds and tears
 * the socket down itself, outside the lifecycle the transport must follow. Here the check is
 * not tied to the ping ticks: it is scheduled for the moment the timeout would expire and, when
 * something was heard meanwhile, moved forward, so silence is reported close to the timeout
 * whatever the interval.
 */
final class Heartbeat {

    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Runnable ping;
    private final Runnable onSilence;

    // Written by the socket reader for every frame, so kept to one volatile write.
    private volatile long lastHeard = System.nanoTime();

    // Guarded by this.
    private boolean stopped;
    private ScheduledFuture<?> pinger;
    private ScheduledFuture<?> watchdog;

    Heartbeat(ScheduledExecutorService scheduler, Duration interval, Duration timeout, Runnable ping, Runnable onSilence) {
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.ping = ping;
        this.onSilence = onSilence;
    }

    /** Something arrived from the upstream. */
    void heard() {
        lastHeard = System.nanoTime();
    }

    synchronized void start() {
        if (stopped || pinger != null) {
            return;
        }
        heard();
        try {
            pinger = scheduler.scheduleAtFixedRate(this::safePing, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
            watchdog = scheduler.schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }

    synchronized void stop() {
        stopped = true;
        if (pinger != null) {
            pinger.cancel(false);
        }
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    private void safePing() {
        try {
            ping.run();
        } catch (RuntimeException e) {
            // A fixed-rate task that throws is never run again; a failed ping is the watchdog's business.
        }
    }

    private void check() {
        long silentFor = System.nanoTime() - lastHeard;
        if (silentFor < timeoutNanos) {
            synchronized (this) {
                if (!stopped) {
                    watchdog = scheduler.schedule(this::check, timeoutNanos - silentFor, TimeUnit.NANOSECONDS);
                }
            }
            return;
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            pinger.cancel(false);
        }
        onSilence.run();
    }
}
