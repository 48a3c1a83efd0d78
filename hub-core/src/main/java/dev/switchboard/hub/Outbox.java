package dev.switchboard.hub;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.PortConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>The queue is a ring of slots indexed by sequence number ({@code seq & mask}), so a delivery
 * allocates nothing: no list node, and the write's callback comes from a small pool. Who touches
 * what:
 * <ul>
 *   <li>{@code tail} and the slot at {@code tail}: the hub thread (the producer), which writes the
 *       slot and then publishes {@code tail}. The slot is free: the bound keeps the queued items
 *       fewer than the ring's slots, and the drainer empties a slot before it moves past it.</li>
 *   <li>{@code handed} and the slot at {@code handed}: the drainer (whoever holds {@code draining}),
 *       which takes the item with an atomic get-and-set to null and only then moves on. It never
 *       passes an empty slot: an empty slot below {@code tail} means the hub thread is rebuilding
 *       the queue, and it drains when it is done.</li>
 *   <li>Rebuilding ({@link #dropBacklog()}, growing the ring): the hub thread claims slots with
 *       compare-and-set (or get-and-set) to null. Once it holds one slot, the drainer cannot get
 *       past it, so every later slot is the hub thread's alone until it lets go by rewriting the
 *       slots in order and publishing {@code tail}.</li>
 * </ul>
 * The ring starts small and doubles up to the capacity, so an idle port costs a few slots, not
 * {@code port-queue} of them.
 */
final class Outbox {

    /**
     * Writes handed to the front end and not yet completed, per port. More than one lets a
     * backlog go out in one gathering write; the benchmarks showed one-at-a-time costing a
     * flush, a syscall and a completion per frame.
     */
    static final int MAX_IN_FLIGHT = 16;

    /** Slots of a new outbox's ring (or fewer if the capacity is smaller); it grows on demand. */
    static final int INITIAL_SLOTS = 4;

    private static final int MAX_SLOTS = 1 << 30;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Downstream[].class);

    private volatile Downstream[] ring;
    /** Next sequence to hand over; written by the drainer only. */
    private volatile long handed;
    /** Next sequence to fill; written by the hub thread only. */
    private volatile long tail;
    /**
     * Callbacks reused by sequence of hand-over; length a power of two, twice the in-flight limit.
     * Made at the first write, so a port that is never written to (an idle raw port) does not pay
     * for it. Drainer only.
     */
    private Write[] writes;
    /** Writes ever handed over; drainer only. */
    private long writeSeq;

    private final AtomicInteger unwritten = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final int capacity;
    private final int maxInFlight;
    private final PortConnection connection;
    private final Consumer<Throwable> onWriteFailure;
    private final LongAdder deliveries;
    /** Items ever queued; hub thread only. */
    private long offered;
    /** Items ever finished with: written, failed, dropped, or freed by close. */
    private final AtomicLong settled = new AtomicLong();
    private volatile long flushMark = Long.MAX_VALUE;
    private final AtomicReference<Runnable> onFlushed = new AtomicReference<>();
    private volatile boolean closed;

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
        this.ring = new Downstream[slotsFor(Math.min(capacity, INITIAL_SLOTS))];
    }

    private static int slotsFor(int items) {
        return items >= MAX_SLOTS ? MAX_SLOTS : Math.max(1, Integer.highestOneBit(Math.max(1, items - 1) << 1));
    }

    /** Queues an item; false when the queue is full. Hub thread only. */
    boolean offer(Downstream item) {
        if (closed) {
            return true;
        }
        // Only the hub thread adds, so the bound cannot be overshot between the check and the add.
        if (unwritten.get() >= capacity) {
            return false;
        }
        long t = tail;
        Downstream[] r = ring;
        if (t - handed >= r.length) {
            // A stale `handed` only makes this grow early; it never lets the slot at t be taken.
            if (r.length == MAX_SLOTS) {
                return false;
            }
            r = grow(r, t);
        }
        unwritten.incrementAndGet();
        offered++;
        SLOT.setRelease(r, (int) t & (r.length - 1), item);
        tail = t + 1;
        drain();
        return true;
    }

    /**
     * Moves the queued items into a ring twice the size. The first successful get-and-set stops
     * the drainer at that slot (it never passes an empty one), so the rest are the hub thread's.
     */
    private Downstream[] grow(Downstream[] old, long t) {
        Downstream[] bigger = new Downstream[old.length * 2];
        int oldMask = old.length - 1;
        int newMask = bigger.length - 1;
        for (long i = handed; i < t; i++) {
            Downstream item = (Downstream) SLOT.getAndSet(old, (int) i & oldMask, null);
            if (item != null) {
                SLOT.setRelease(bigger, (int) i & newMask, item);
            }
        }
        ring = bigger;
        drain(); // a drainer stopped at a claimed slot left the rest to us
        return bigger;
    }

    /**
     * Runs {@code action} once every item queued so far has been written, failed, dropped, or
     * freed by {@link #close()}: at once if that is already so. Hub thread only.
     */
    void whenFlushed(Runnable action) {
        onFlushed.set(action);
        flushMark = offered;
        checkFlushed();
    }

    private void settle(int items) {
        settled.addAndGet(items);
        checkFlushed();
    }

    private void checkFlushed() {
        if ((closed || settled.get() >= flushMark) && onFlushed.get() != null) {
            Runnable action = onFlushed.getAndSet(null);
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
     *
     * <p>Compacts the ring in place. Until the first item it removes, the drainer may go on taking
     * items; the removal itself is a compare-and-set to null, which the drainer cannot pass. From
     * there on every slot is the hub thread's: kept items move down to the first free slot (the
     * drainer may take each as soon as it is written, in order), and {@code tail} comes down last.
     */
    Downstream dropBacklog() {
        Downstream[] r = ring;
        int mask = r.length - 1;
        long t = tail;
        long write = -1; // the next slot for a kept item, once the first removal made a hole
        Downstream first = null;
        int removed = 0;
        for (long i = handed; i < t; i++) {
            int slot = (int) i & mask;
            Downstream item = (Downstream) SLOT.getVolatile(r, slot);
            if (write < 0) {
                if (item == null || !removable(item) || !SLOT.compareAndSet(r, slot, item, null)) {
                    continue; // handed over already, kept in place, or handed over just now
                }
                write = i;
                first = item;
                removed++;
                continue;
            }
            // Past the hole: the drainer cannot reach this slot, so no compare-and-set is needed.
            SLOT.setVolatile(r, slot, null);
            if (item == null) {
                continue; // not expected: only the drainer empties queued slots, and it is stopped at the hole
            }
            if (removable(item)) {
                removed++;
            } else {
                SLOT.setVolatile(r, (int) write & mask, item);
                write++;
            }
        }
        if (removed == 0) {
            return null;
        }
        tail = write;
        unwritten.addAndGet(-removed);
        settle(removed);
        drain(); // a drainer stopped at the hole left the kept items to us
        return first;
    }

    private static boolean removable(Downstream item) {
        return item instanceof Downstream.Data || item instanceof Downstream.Gap;
    }

    /** Items not yet written: waiting here or in flight. */
    int size() {
        return unwritten.get();
    }

    /** Stops writing and frees what is queued. Any thread. */
    void close() {
        closed = true;
        Downstream[] r = ring;
        for (int i = 0; i < r.length; i++) {
            SLOT.setRelease(r, i, null);
        }
        checkFlushed();
    }

    private void drain() {
        while (true) {
            if (!draining.compareAndSet(false, true)) {
                return; // the drainer re-checks after it lets go, so this item is not stranded
            }
            try {
                while (!closed && inFlight.get() < maxInFlight) {
                    long h = handed;
                    if (h >= tail) {
                        break;
                    }
                    Downstream[] r = ring; // read after tail: a grown ring is published before the tail that needs it
                    Downstream next = (Downstream) SLOT.getAndSet(r, (int) h & (r.length - 1), null);
                    if (next == null) {
                        break; // the hub thread holds this slot while it rebuilds the queue, and drains after
                    }
                    handed = h + 1;
                    inFlight.incrementAndGet();
                    Write write = nextWrite();
                    try {
                        connection.deliver(next, write);
                    } catch (RuntimeException e) {
                        write.failed(e);
                    }
                }
            } finally {
                draining.set(false);
            }
            // A completion or an offer that came while we held the flag could not drain; look again.
            if (closed || inFlight.get() >= maxInFlight || !ready()) {
                return;
            }
        }
    }

    /** Whether the next item can be taken: queued, and not held by a rebuild. */
    private boolean ready() {
        long h = handed;
        if (h >= tail) {
            return false;
        }
        Downstream[] r = ring;
        return SLOT.getVolatile(r, (int) h & (r.length - 1)) != null;
    }

    /**
     * The callback for the next write: the pooled one for this sequence if its last write
     * completed (it always has, unless a front end holds one write back while completing twice
     * the in-flight limit of later ones), a fresh one otherwise. Drainer only.
     */
    private Write nextWrite() {
        if (writes == null) {
            writes = new Write[slotsFor(2 * maxInFlight)]; // filled as writes need them: a quiet port holds few
        }
        int index = (int) writeSeq++ & (writes.length - 1);
        Write pooled = writes[index];
        if (pooled == null) {
            pooled = new Write(true);
            writes[index] = pooled;
        }
        return pooled.arm() ? pooled : new Write(false);
    }

    /**
     * The completion of one write; tolerates a front end that completes twice. A pooled callback
     * is armed for one write at a time and reused only after it completed: a second completion
     * that comes before the reuse is ignored, one that comes after it completes the later write
     * early (counted once; the bound is off by one write until that write completes), and a
     * failure is never ignored, so a broken connection still ends the port.
     */
    private final class Write implements DeliveryCallback {
        private static final AtomicIntegerFieldUpdater<Write> ARMED =
                AtomicIntegerFieldUpdater.newUpdater(Write.class, "armed");
        private volatile int armed;

        Write(boolean pooled) {
            this.armed = pooled ? 0 : 1;
        }

        boolean arm() {
            return ARMED.compareAndSet(this, 0, 1);
        }

        @Override
        public void delivered() {
            complete(null);
        }

        @Override
        public void failed(Throwable cause) {
            complete(cause == null ? new IllegalStateException("write failed") : cause);
        }

        private void complete(Throwable failure) {
            if (!ARMED.compareAndSet(this, 1, 0)) {
                if (failure != null && !closed) {
                    fail(failure); // a late failure still means the connection broke
                }
                return;
            }
            inFlight.decrementAndGet();
            unwritten.decrementAndGet();
            if (failure != null) {
                settle(1);
                fail(failure);
                return;
            }
            deliveries.increment();
            settle(1);
            drain();
        }

        private void fail(Throwable failure) {
            close();
            onWriteFailure.accept(failure);
        }
    }

    /** For tests: the ring's current number of slots. */
    int slots() {
        return ring.length;
    }

    @Override
    public String toString() {
        return "Outbox{unwritten=" + unwritten.get() + ", inFlight=" + inFlight.get() + ", handed=" + handed
                + ", tail=" + tail + ", slots=" + ring.length + "}";
    }
}
