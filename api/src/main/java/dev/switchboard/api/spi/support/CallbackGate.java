package dev.switchboard.api.spi.support;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way a transport's callbacks reach its {@link UpstreamListener}: it keeps the
 * lifecycle rules written there whatever order sockets, timers and callers report events in,
 * so that a transport only has to say what happened.
 * <ul>
 *   <li>Callbacks run one at a time, in order, each seeing what the ones before did: every
 *       callback is a task in one queue, run by whichever thread finds the queue idle, so no
 *       producer ever waits on a lock. Transport threads run tasks inline, which keeps a reader
 *       from racing ahead of a slow listener.</li>
 *   <li>The end is claimed once: the first {@link #end} or {@link #endFromCaller} wins, runs
 *       the connection's release action at once, and queues its final callback; later ends
 *       return false and are dropped. From the claim on, {@link #isOpen()} is false and no
 *       {@code onOpen}, {@code onMessage} or {@code onRetryAdvice} is delivered any more.</li>
 *   <li>{@code onMessage} and {@code onRetryAdvice} come only after {@code onOpen}.</li>
 *   <li>When {@code onOpen}, {@code onMessage} or {@code onRetryAdvice} throws, the gate claims
 *       the end itself and delivers {@code onFailure} with that exception at once, ahead of
 *       anything still queued; the release action is what drops the connection.</li>
 *   <li>An exception from a final callback, or from the release action, is logged.</li>
 * </ul>
 *
 * <p>{@link #endFromCaller} is for {@code close()} and {@code cancel()}: it hands the final
 * callback to the callback executor, so that a caller is never called back from inside its
 * own call (and inside its own locks).
 *
 * <p>Logging goes through {@link System.Logger}, so a transport needs nothing beyond the JDK
 * and this module.
 */
public final class CallbackGate {

    private static final System.Logger log = System.getLogger(CallbackGate.class.getName());

    private final UpstreamListener listener;
    private final UpstreamConnection connection;
    private final Executor callbacks;
    private final Runnable release;
    private final SerialQueue queue = new SerialQueue();
    private final AtomicBoolean endClaimed = new AtomicBoolean();

    // Read by senders on any thread.
    private volatile boolean open;

    // Read and written only by the draining thread; the queue hands them over safely.
    private boolean opened;
    private boolean delivered;

    /**
     * @param connection the connection the callbacks are about, passed to every one of them
     * @param listener   where the callbacks go
     * @param callbacks  runs the final callback of {@link #endFromCaller}; must not run it on
     *                   the calling thread (an executor that refuses it makes the caller run it)
     * @param release    runs once, on the thread that claims the end, before the final callback
     *                   is queued: drop the socket, stop timers. Must not block or call the listener.
     */
    public CallbackGate(UpstreamConnection connection, UpstreamListener listener, Executor callbacks, Runnable release) {
        this.connection = connection;
        this.listener = listener;
        this.callbacks = callbacks;
        this.release = release;
    }

    /** Whether {@code onOpen} has been (or is being) delivered and no end is claimed: sends may be queued. */
    public boolean isOpen() {
        return open && !endClaimed.get();
    }

    /** Whether the end is claimed (its final callback may still be on its way). */
    public boolean isEnded() {
        return endClaimed.get();
    }

    /** Delivers {@code onOpen}, unless the connection already ended. */
    public void open() {
        queue.run(() -> deliver(() -> {
            opened = true;
            open = true; // before onOpen, so that a send from inside onOpen is accepted
            listener.onOpen(connection);
        }));
    }

    /** Delivers {@code onMessage}, if {@code onOpen} went out and the connection has not ended. */
    public void message(Message message) {
        queue.run(() -> {
            if (opened) {
                deliver(() -> listener.onMessage(connection, message));
            }
        });
    }

    /** Delivers {@code onRetryAdvice}, if {@code onOpen} went out and the connection has not ended. */
    public void retryAdvice(Duration delay) {
        queue.run(() -> {
            if (opened) {
                deliver(() -> listener.onRetryAdvice(connection, delay));
            }
        });
    }

    /**
     * Ends the connection from a transport thread: claims the end and delivers the final
     * callback here, or leaves it to the thread already delivering.
     *
     * @return true if this call ended the connection; false if it had already ended
     */
    public boolean end(Ending ending) {
        if (!claim()) {
            return false;
        }
        queue.run(() -> deliverFinal(ending));
        return true;
    }

    /**
     * Ends the connection from a caller's thread ({@code close()}, {@code cancel()}): claims the
     * end and delivers the final callback on the callback executor, never on this thread.
     *
     * @return true if this call ended the connection; false if it had already ended
     */
    public boolean endFromCaller(Ending ending) {
        if (!claim()) {
            return false;
        }
        queue.add(() -> deliverFinal(ending));
        try {
            callbacks.execute(queue::drain);
        } catch (RejectedExecutionException shuttingDown) {
            queue.drain();
        }
        return true;
    }

    private boolean claim() {
        if (!endClaimed.compareAndSet(false, true)) {
            return false;
        }
        open = false;
        try {
            release.run();
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "releasing " + connection + " failed", e);
        }
        return true;
    }

    private void deliver(Runnable callback) {
        if (endClaimed.get()) {
            return; // the end is claimed: only its final callback may reach the listener now
        }
        try {
            callback.run();
        } catch (Throwable thrown) {
            // Rule 5: a throwing non-final callback ends the connection, reported with its exception.
            if (claim()) {
                deliverFinal(new Ending.Failed(thrown));
            } else {
                log.log(System.Logger.Level.DEBUG, "the listener threw after " + connection + " had already ended", thrown);
            }
        }
    }

    private void deliverFinal(Ending ending) {
        if (delivered) {
            return;
        }
        delivered = true;
        try {
            ending.deliverTo(listener, connection, opened);
        } catch (Throwable thrown) {
            log.log(System.Logger.Level.WARNING, "the listener threw from its final callback for " + connection
                    + "; nothing more will be delivered", thrown);
        }
    }
}
