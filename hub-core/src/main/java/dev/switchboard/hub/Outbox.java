package dev.switchboard.hub;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.PortConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One port's bounded outbound queue.
 *
 * <p>The hub's thread is the only producer, so {@link #offer} never waits on the client: it
 * either queues or reports the queue full. The bound counts every item not yet written, both
 * waiting here and handed to the front end, so it is real: nothing piles up unbounded inside the
 * network library. Up to {@link #MAX_IN_FLIGHT} writes (and at most a quarter of the capacity)
 * may be outstanding at once, which lets the
 * front end coalesce a backlog of frames into one network write; one drainer at a time hands
 * items over, so they are delivered in queue order.
 *
 * <p>The counters shared with the front end's threads are this object's own fields, updated
 * through {@link VarHandle}s, not separate atomic objects: a broadcast touches every port's
 * outbox, and one object per port instead of six means fewer cache lines passed between the
 * hub's thread and the I/O threads, and less heap per idle port. An item offered when nothing
 * waits and a write slot is free goes straight to the front end, without a queue node.
 */
final class Outbox {

    /**
     * Writes handed to the front end and not yet completed, per port. More than one lets a
     * backlog go out in one gathering write; the benchmarks showed one-at-a-time costing a
     * flush, a syscall and a completion per frame.
     */
    static final int MAX_IN_FLIGHT = 16;

    private static final VarHandle UNWRITTEN;
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle DRAINING;
    private static final VarHandle SETTLED;
    private static final VarHandle ON_FLUSHED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            UNWRITTEN = lookup.findVarHandle(Outbox.class, "unwritten", int.class);
            IN_FLIGHT = lookup.findVarHandle(Outbox.class, "inFlight", int.class);
            DRAINING = lookup.findVarHandle(Outbox.class, "draining", int.class);
            SETTLED = lookup.findVarHandle(Outbox.class, "settled", long.class);
            ON_FLUSHED = lookup.findVarHandle(Outbox.class, "onFlushed", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Queue<Downstream> queue = new ConcurrentLinkedQueue<>();
    /** Items not yet written: waiting in {@link #queue} or handed over. */
    private volatile int unwritten;
    /** Items handed to the front end whose write has not completed. */
    private volatile int inFlight;
    /** 1 while one thread hands items over ({@link #drain}, {@link #handOverAtOnce}); the others leave it to that one. */
    private volatile int draining;
    private final int capacity;
    private final int maxInFlight;
    private final PortConnection connection;
    private final Consumer<Throwable> onWriteFailure;
    private final LongAdder deliveries;
    /** Items ever queued; hub thread only. */
    private long offered;
    /** Items ever finished with: written, failed, dropped, or freed by close. */
    private volatile long settled;
    private volatile long flushMark = Long.MAX_VALUE;
    /** What {@link #whenFlushed} waits to run; taken (set to null) by whoever runs it. */
    private volatile Runnable onFlushed;
    private volatile boolean closed;
    /** The hub thread's last drain handed items over and the batch is not flushed yet; hub thread only. */
    private boolean held;

    Outbox(int capacity, PortConnection connection, Consumer<Throwable> onWriteFailure) {
        this(capacity, connection, onWriteFailure, new LongAdder());
    }

    /** @param deliveries counts every item written to the client; shared by the hub's ports */
    Outbox(int capacity, PortConnection connection, Consumer<Throwable> onWriteFailure, LongAdder deliveries) {
        this.deliveries = deliveries;
        this.capacity = capacity;
        // Most of the bound stays in the queue, where DROP_OLDEST can still drop from it.
        this.maxInFlight = Math.max(1, Math.min(MAX_IN_FLIGHT, capacity / 4));
        this.connection = connection;
        this.onWriteFailure = onWriteFailure;
    }

    /** Queues an item and starts its write; false when the queue is full. Hub thread only. */
    boolean offer(Downstream item) {
        boolean queued = offerHeld(item);
        flushHeld();
        return queued;
    }

    /**
     * Queues an item and hands it to the front end without ending the batch: the caller ends it
     * with {@link #flushHeld} once every port of a broadcast was offered the item, so a front end
     * that batches its writes wakes its network threads once per broadcast. False when the queue is
     * full. Hub thread only.
     */
    boolean offerHeld(Downstream item) {
        if (closed) {
            return true;
        }
        // Only the hub thread adds, so the bound cannot be overshot between the check and the add.
        if (unwritten >= capacity) {
            return false;
        }
        UNWRITTEN.getAndAdd(this, 1);
        offered++;
        if (queue.isEmpty() && handOverAtOnce(item)) {
            held = true;
            return true;
        }
        queue.offer(item);
        if (drain()) {
            held = true;
        }
        return true;
    }

    /**
     * Hands {@code item} over without queuing it, when nothing waits before it and a write slot
     * is free: the common case of a client that keeps up. False, with nothing done, otherwise (the
     * caller queues it). Call it only with the queue empty: only the hub thread adds to the queue,
     * so it stays empty until this returns, and a completion that finds the flag taken has nothing
     * to drain.
     */
    private boolean handOverAtOnce(Downstream item) {
        if (!DRAINING.compareAndSet(this, 0, 1)) {
            return false;
        }
        try {
            if (closed || inFlight >= maxInFlight) {
                return false;
            }
            handOver(item);
            return true;
        } finally {
            draining = 0;
        }
    }

    /** Starts one item's write; the caller holds the drain flag. */
    private void handOver(Downstream item) {
        IN_FLIGHT.getAndAdd(this, 1);
        Write write = new Write();
        try {
            connection.deliver(item, write);
        } catch (RuntimeException e) {
            write.failed(e);
        }
    }

    /** Ends the batch {@link #offerHeld} left open, if it handed anything over. Hub thread only. */
    void flushHeld() {
        if (held) {
            held = false;
            flush();
        }
    }

    private void flush() {
        try {
            connection.flush();
        } catch (RuntimeException e) {
            // A front end that cannot start its writes will not write this port's items: end it.
            close();
            onWriteFailure.accept(e);
        }
    }

    /**
     * Runs {@code action} once every item queued so far has been written, failed, dropped, or
     * freed by {@link #close()}: at once if that is already so. Hub thread only.
     */
    void whenFlushed(Runnable action) {
        onFlushed = action;
        flushMark = offered;
        checkFlushed();
    }

    private void settle(int items) {
        SETTLED.getAndAdd(this, (long) items);
        checkFlushed();
    }

    private void checkFlushed() {
        if (onFlushed != null && (closed || settled >= flushMark)) {
            Runnable action = (Runnable) ON_FLUSHED.getAndSet(this, (Runnable) null);
            if (action != null) {
                action.run();
            }
        }
    }

    /**
     * Removes every queued message and every queued gap not yet handed over (welcome and status items stay), and
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
                UNWRITTEN.getAndAdd(this, -1);
                settle(1);
                if (first == null) {
                    first = item;
                }
            }
        }
        return first;
    }

    /** Items not yet written: waiting here or in flight. */
    int size() {
        return unwritten;
    }

    /** Stops writing and frees what is queued. */
    void close() {
        closed = true;
        queue.clear();
        checkFlushed();
    }

    /**
     * Hands queued items to the front end while fewer than the most in flight are; true if it
     * handed any over. The caller ends the batch with {@link #flush}.
     */
    private boolean drain() {
        boolean handedOver = false;
        while (true) {
            if (!DRAINING.compareAndSet(this, 0, 1)) {
                return handedOver; // the drainer re-checks after it lets go, so this item is not stranded
            }
            try {
                while (!closed && inFlight < maxInFlight) {
                    Downstream next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    handedOver = true;
                    handOver(next);
                }
            } finally {
                draining = 0;
            }
            // A completion or an offer that came while we held the flag could not drain; look again.
            if (closed || queue.isEmpty() || inFlight >= maxInFlight) {
                return handedOver;
            }
        }
    }

    /** The completion of one write; tolerates a front end that completes twice. */
    private final class Write implements DeliveryCallback {
        private static final AtomicIntegerFieldUpdater<Write> DONE =
                AtomicIntegerFieldUpdater.newUpdater(Write.class, "done");
        @SuppressWarnings("unused")
        private volatile int done;

        @Override
        public void delivered() {
            complete(null);
        }

        @Override
        public void failed(Throwable cause) {
            complete(cause == null ? new IllegalStateException("write failed") : cause);
        }

        private void complete(Throwable failure) {
            if (!DONE.compareAndSet(this, 0, 1)) {
                return;
            }
            IN_FLIGHT.getAndAdd(Outbox.this, -1);
            UNWRITTEN.getAndAdd(Outbox.this, -1);
            if (failure != null) {
                closed = true;
                queue.clear();
                settle(1);
                onWriteFailure.accept(failure);
                return;
            }
            deliveries.increment();
            settle(1);
            if (drain()) {
                flush();
            }
        }
    }
}
