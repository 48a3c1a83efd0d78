package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import java.nio.ByteBuffer;

/**
 * A connection's frames in order, each with whom to tell once it is written, or an action to run
 * once everything before it is: a ring of parallel arrays that doubles when full, so queuing a
 * frame allocates nothing once the ring is big enough for the connection's backlog (the hub keeps
 * at most a few writes in flight per port). Not thread-safe: {@link ConnectionWriter} guards its
 * hand-over queue with a lock and keeps its write queue to the I/O thread.
 */
final class FrameQueue {

    private ByteBuffer[] frames;
    private DeliveryCallback[] callbacks;
    private Runnable[] actions;
    private int head;
    private int size;

    /** @param slots the first ring size, a power of two */
    FrameQueue(int slots) {
        frames = new ByteBuffer[slots];
        callbacks = new DeliveryCallback[slots];
        actions = new Runnable[slots];
    }

    /** Appends a frame and its callback, or (frame and callback null) an action. */
    void add(ByteBuffer frame, DeliveryCallback callback, Runnable action) {
        if (size == frames.length) {
            grow();
        }
        int i = (head + size) & (frames.length - 1);
        frames[i] = frame;
        callbacks[i] = callback;
        actions[i] = action;
        size++;
    }

    private void grow() {
        int n = frames.length;
        ByteBuffer[] f = new ByteBuffer[n * 2];
        DeliveryCallback[] c = new DeliveryCallback[n * 2];
        Runnable[] a = new Runnable[n * 2];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (n - 1);
            f[k] = frames[i];
            c[k] = callbacks[i];
            a[k] = actions[i];
        }
        frames = f;
        callbacks = c;
        actions = a;
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
        return frames[(head + k) & (frames.length - 1)];
    }

    /** The {@code k}-th entry's action, null for a frame. */
    Runnable action(int k) {
        return actions[(head + k) & (frames.length - 1)];
    }

    /** The oldest entry's callback, null for an action. */
    DeliveryCallback firstCallback() {
        return callbacks[head];
    }

    /** Drops the oldest entry. */
    void removeFirst() {
        frames[head] = null;
        callbacks[head] = null;
        actions[head] = null;
        head = (head + 1) & (frames.length - 1);
        size--;
    }

    /** Moves every entry, in order, to the end of {@code other}. */
    void moveAllTo(FrameQueue other) {
        while (size > 0) {
            other.add(frames[head], callbacks[head], actions[head]);
            removeFirst();
        }
    }
}
