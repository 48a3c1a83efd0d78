package dev.switchboard.transport.sse;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the {@link UpstreamListener} lifecycle rules for one connection, whatever order
 * OkHttp threads and user threads report things in.
 *
 * <p>Every callback becomes a task in one queue, run by whichever thread finds the queue idle
 * (a trampoline), so callbacks never overlap and each sees the effects of the ones before.
 * Transport threads run tasks inline, which keeps OkHttp's reader from racing ahead of a slow
 * listener; calls from user threads ({@code close()}, {@code cancel()}) hand the work to the
 * callback executor instead, so that no callback runs on the caller's thread, inside its locks.
 *
 * <p>The first thread to claim the final callback wins; everything not yet delivered after that
 * claim is dropped, and the claim runs the connection's release action once.
 */
final class GuardedListener {

    private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

    private final UpstreamListener listener;
    private final UpstreamConnection connection;
    private final String shownUri;
    private final Executor callbackExecutor;
    private final Runnable release;

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingDrains = new AtomicInteger();
    private final AtomicBoolean finalClaimed = new AtomicBoolean();
    private volatile boolean open;
    private boolean opened; // only read and written by the draining thread

    GuardedListener(UpstreamListener listener, UpstreamConnection connection, String shownUri,
            Executor callbackExecutor, Runnable release) {
        this.listener = listener;
        this.connection = connection;
        this.shownUri = shownUri;
        this.callbackExecutor = callbackExecutor;
        this.release = release;
    }

    /** Whether onOpen has been delivered and no final callback claimed: sends may be queued. */
    boolean isOpen() {
        return open && !finalClaimed.get();
    }

    /** Whether a final callback has been claimed. */
    boolean isFinished() {
        return finalClaimed.get();
    }

    void open() {
        schedule(() -> deliver(() -> {
            opened = true;
            open = true; // before onOpen, so that a send from inside onOpen is accepted
            listener.onOpen(connection);
        }), true);
    }

    void message(Message message) {
        schedule(() -> deliver(() -> listener.onMessage(connection, message)), true);
    }

    void retryAdvice(Duration delay) {
        schedule(() -> deliver(() -> listener.onRetryAdvice(connection, delay)), true);
    }

    /** Reports an orderly end from a transport thread. */
    void closed(int code, String reason) {
        claimFinal(() -> listener.onClosed(connection, code, reason), true);
    }

    /** Reports a failure; {@code inline} is false when called from a user's thread. */
    void failed(Throwable cause, boolean inline) {
        claimFinal(() -> listener.onFailure(connection, cause), inline);
    }

    /**
     * The client closed the connection: onClosed if it had opened, otherwise onFailure, because
     * the first callback must be onOpen or onFailure. Decided when the final is delivered, since
     * only the draining thread knows whether onOpen went out.
     */
    void closedByClient() {
        claimFinal(() -> {
            if (opened) {
                listener.onClosed(connection, 1000, "closed by the client");
            } else {
                listener.onFailure(connection, new IOException(
                        "upstream " + shownUri + " was closed by the client before the event stream opened"));
            }
        }, false);
    }

    private void claimFinal(Runnable finalCallback, boolean inline) {
        if (!finalClaimed.compareAndSet(false, true)) {
            return;
        }
        open = false;
        runRelease();
        schedule(() -> {
            try {
                finalCallback.run();
            } catch (RuntimeException | Error e) {
                log.warn("an UpstreamListener threw from its final callback for {}; nothing more will be delivered",
                        shownUri, e);
            }
        }, inline);
    }

    private void deliver(Runnable callback) {
        if (finalClaimed.get()) {
            return; // a final callback is claimed: nothing else may reach the listener
        }
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            // Rule 5: a throwing non-final callback cancels the connection and is reported.
            if (finalClaimed.compareAndSet(false, true)) {
                open = false;
                runRelease();
                try {
                    listener.onFailure(connection, e);
                } catch (RuntimeException | Error again) {
                    log.warn("an UpstreamListener threw from onFailure for {}", shownUri, again);
                }
            } else {
                log.warn("an UpstreamListener threw for {} after the connection ended", shownUri, e);
            }
        }
    }

    private void runRelease() {
        try {
            release.run();
        } catch (RuntimeException e) {
            log.warn("releasing the connection to {} failed", shownUri, e);
        }
    }

    private void schedule(Runnable task, boolean inline) {
        tasks.add(task);
        if (pendingDrains.getAndIncrement() == 0) {
            if (inline) {
                drain();
            } else {
                callbackExecutor.execute(this::drain);
            }
        }
    }

    private void drain() {
        int missed = 1;
        do {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            missed = pendingDrains.addAndGet(-missed);
        } while (missed != 0);
    }
}
