package dev.switchboard.transport.websocket.internal;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way callbacks reach a listener; it enforces the lifecycle rules written on
 * {@link UpstreamListener} whatever order the socket, the timers and the caller produce events
 * in:
 * <ul>
 *   <li>callbacks run one at a time, in order, through a {@link SerialQueue};</li>
 *   <li>once a final callback has run, nothing else does, and a second final is dropped;</li>
 *   <li>{@code onMessage} runs only after {@code onOpen} has;</li>
 *   <li>when {@code onOpen} or {@code onMessage} throws, the owner is asked to fail the
 *       connection and, if that ends it, {@code onFailure} with the exception runs at once,
 *       ahead of anything still queued;</li>
 *   <li>an exception from a final callback is logged.</li>
 * </ul>
 * Which final callback a connection gets is decided by its owner before calling
 * {@link #finish}; the gate only guarantees that the first one queued is the one delivered.
 */
final class CallbackGate {

    private static final Logger log = LoggerFactory.getLogger(CallbackGate.class);

    private final UpstreamListener listener;
    private final UpstreamConnection connection;
    private final Predicate<Throwable> failFromListener;
    private final SerialQueue queue = new SerialQueue();

    // Read and written only by the draining thread; the queue hands them over safely.
    private boolean ended;

    // Read by senders on any thread.
    private volatile boolean opened;

    /**
     * @param failFromListener called on the draining thread when a non-final callback throws;
     *     returns true if that ended the connection, in which case the gate reports the exception
     */
    CallbackGate(UpstreamListener listener, UpstreamConnection connection, Predicate<Throwable> failFromListener) {
        this.listener = listener;
        this.connection = connection;
        this.failFromListener = failFromListener;
    }

    /** Whether {@code onOpen} has been (or is being) delivered and no final callback has. */
    boolean isOpen() {
        return opened;
    }

    void open() {
        queue.run(() -> {
            if (ended) {
                return;
            }
            // Set first so that the listener may send from inside onOpen.
            opened = true;
            guard(() -> listener.onOpen(connection));
        });
    }

    void message(Message message) {
        queue.run(() -> {
            if (!ended && opened) {
                guard(() -> listener.onMessage(connection, message));
            }
        });
    }

    /** Delivers the final callback on this thread, or leaves it to the thread already delivering. */
    void finish(Ending ending) {
        queue.run(() -> deliverFinal(ending));
    }

    /**
     * Delivers the final callback on {@code executor}, never on this thread: used by
     * {@code close()} and {@code cancel()}, whose callers must not be called back from inside
     * them.
     */
    void finishOn(Executor executor, Ending ending) {
        queue.add(() -> deliverFinal(ending));
        try {
            executor.execute(queue::drain);
        } catch (RejectedExecutionException e) {
            queue.drain();
        }
    }

    private void guard(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable thrown) {
            if (failFromListener.test(thrown)) {
                deliverFinal(new Ending.Failed(thrown));
            } else {
                log.debug("listener threw after the connection {} had already ended", connection, thrown);
            }
        }
    }

    private void deliverFinal(Ending ending) {
        if (ended) {
            return;
        }
        ended = true;
        opened = false;
        try {
            ending.deliverTo(listener, connection);
        } catch (Throwable thrown) {
            log.warn("listener threw from its final callback for {}; ignoring it", connection, thrown);
        }
    }
}
