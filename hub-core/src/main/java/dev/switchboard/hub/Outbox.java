package dev.switchboard.hub;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.PortConnection;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One port's bounded outbound queue, with at most one write in flight.
 *
 * <p>The hub's thread is the only producer, so {@link #offer} never waits on the client: it
 * either queues or reports the queue full. Items are written one at a time; the next write
 * starts from the previous write's completion, on whatever thread completes it. Keeping one
 * write in flight is what makes the bound real: unwritten items wait here, counted, instead of
 * piling up unbounded inside the network library.
 */
final class Outbox {

    private static final int PENDING = 0;
    private static final int RETURNED = 1;
    private static final int COMPLETED_INLINE = 2;

    private final Queue<Downstream> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final int capacity;
    private final PortConnection connection;
    private final Consumer<Throwable> onWriteFailure;
    private volatile boolean closed;

    Outbox(int capacity, PortConnection connection, Consumer<Throwable> onWriteFailure) {
        this.capacity = capacity;
        this.connection = connection;
        this.onWriteFailure = onWriteFailure;
    }

    /** Queues an item; false when the queue is full. Hub thread only. */
    boolean offer(Downstream item) {
        if (closed) {
            return true;
        }
        // Only the hub thread adds, so the bound cannot be overshot between the check and the add.
        if (size.get() >= capacity) {
            return false;
        }
        size.incrementAndGet();
        queue.offer(item);
        drain();
        return true;
    }

    /**
     * Removes every queued message and every queued gap (welcome and status items stay), and
     * returns the first item removed, or null when there was none. Gaps go too because a stalled
     * port would otherwise collect one gap per overflow until its queue held nothing else; the
     * caller replaces them all with one gap that starts where the first removed item did.
     * Hub thread only.
     */
    Downstream dropBacklog() {
        Downstream first = null;
        for (Iterator<Downstream> it = queue.iterator(); it.hasNext(); ) {
            Downstream item = it.next();
            if ((item instanceof Downstream.Data || item instanceof Downstream.Gap) && queue.remove(item)) {
                size.decrementAndGet();
                if (first == null) {
                    first = item;
                }
            }
        }
        return first;
    }

    /** Items waiting to be written. */
    int size() {
        return size.get();
    }

    /** Stops writing and frees what is queued. */
    void close() {
        closed = true;
        queue.clear();
        size.set(0);
    }

    private void drain() {
        while (!closed && !queue.isEmpty() && writing.compareAndSet(false, true)) {
            Downstream next = queue.poll();
            if (next == null) {
                writing.set(false);
                continue;
            }
            size.decrementAndGet();
            Write write = new Write();
            try {
                connection.deliver(next, write);
            } catch (RuntimeException e) {
                write.failed(e);
            }
            if (write.state.compareAndSet(PENDING, RETURNED)) {
                return; // the completion, when it comes, carries on draining
            }
            // Completed before deliver() returned: carry on here rather than recursing.
        }
    }

    /** The completion of one write; tolerates a front end that completes twice. */
    private final class Write implements DeliveryCallback {
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void delivered() {
            complete(null);
        }

        @Override
        public void failed(Throwable cause) {
            complete(cause == null ? new IllegalStateException("write failed") : cause);
        }

        private void complete(Throwable failure) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (failure != null) {
                closed = true;
                onWriteFailure.accept(failure);
            }
            writing.set(false);
            if (state.compareAndSet(PENDING, COMPLETED_INLINE)) {
                return;
            }
            drain();
        }
    }
}
