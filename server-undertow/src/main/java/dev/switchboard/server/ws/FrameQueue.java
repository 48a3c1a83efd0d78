package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import java.nio.ByteBuffer;

/**
 * A connection's frames in order, each with whom to tell once it is written, or an action to run
 * once everything before it is: a ring that doubles when full, so queuing a frame allocates
 * nothing once the ring is big enough for the connection's backlog (the hub keeps at most a few
 * writes in flight per port). Not thread-safe: {@link ConnectionWriter} keeps its queue to the I/O
 * thread.
 *
 * <p>An entry is two neighbouring slots of one array: a frame and its callback, or an action and
 * null. One array instead of one per column is 40 bytes less per idle queue, and an entry's
 * stores land on one GC card rather than on two or three: under G1 every card a delivery dirties
 * is work for the concurrent refinement threads, which at 10,000 ports cost more CPU than the
 * hub's own thread.
 */
final class FrameQueue {

    /** Frame or action at {@code 2i}, the frame's callback (or null) at {@code 2i + 1}. */
    private Object[] slots;
    private int head;
    private int size;

    /** @param entries the first ring size, a power of two */
    FrameQueue(int entries) {
        if (entries < 1 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("entries must be a power of two, not " + entries);
        }
        slots = new Object[entries * 2];
    }

    /** Entries the ring holds minus one: a power of two minus one, for the ring's index arithmetic. */
    private int mask() {
        return (slots.length >> 1) - 1;
    }

    /** Appends a frame and its callback, or (frame and callback null) an action. */
    void add(ByteBuffer frame, DeliveryCallback callback, Runnable action) {
        if (size == slots.length >> 1) {
            grow();
        }
        int i = ((head + size) & mask()) << 1;
        if (frame != null) {
            slots[i] = frame;
            slots[i + 1] = callback;
        } else {
            slots[i] = action;
        }
        size++;
    }

    private void grow() {
        int mask = mask();
        Object[] bigger = new Object[slots.length * 2];
        for (int k = 0; k < size; k++) {
            int i = ((head + k) & mask) << 1;
            bigger[k << 1] = slots[i];
            bigger[(k << 1) + 1] = slots[i + 1];
        }
        slots = bigger;
        head = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The {@code k}-th entry's frame (0 is the oldest), null for an action. */
    ByteBuffer frame(int k) {
        return slots[((head + k) & mask()) << 1] instanceof ByteBuffer frame ? frame : null;
    }

    /** The {@code k}-th entry's action, null for a frame. */
    Runnable action(int k) {
        return slots[((head + k) & mask()) << 1] instanceof Runnable action ? action : null;
    }

    /** The oldest entry's callback, null for an action. */
    DeliveryCallback firstCallback() {
        return (DeliveryCallback) slots[(head << 1) + 1];
    }

    /** Drops the oldest entry. */
    void removeFirst() {
        int i = head << 1;
        slots[i] = null;
        slots[i + 1] = null;
        head = (head + 1) & mask();
        size--;
    }
}
