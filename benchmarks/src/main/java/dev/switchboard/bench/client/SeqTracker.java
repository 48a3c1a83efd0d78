package dev.switchboard.bench.client;

import java.util.BitSet;

/**
 * Checks one connection's sequence numbers for a run: loss, duplicates and order.
 *
 * <p>While frames arrive in order (the normal case) it keeps two numbers; only after the first
 * out-of-order frame does it switch to a bit set, so 10,000 connections cost next to nothing.
 * At the end, {@code highest - distinct} are holes (frames skipped while later ones arrived:
 * loss) and {@code count - highest} are frames that had not arrived by the deadline.
 *
 * <p>Touched only from the connection's listener callbacks, which the JDK WebSocket runs one at
 * a time; reset lazily when a frame of a new run arrives.
 */
final class SeqTracker {

    int run = -1;
    long highest;
    long distinct;
    long duplicates;
    long reordered;
    boolean finished;
    private BitSet seen;

    /** Forgets the previous run. */
    void reset(int newRun) {
        run = newRun;
        highest = 0;
        distinct = 0;
        duplicates = 0;
        reordered = 0;
        finished = false;
        seen = null;
    }

    /** Records frame {@code seq} (from 1); true if it had not been seen before in this run. */
    boolean accept(long seq) {
        if (seen == null) {
            if (seq == highest + 1) {
                highest = seq;
                distinct++;
                return true;
            }
            if (seq <= highest) {
                duplicates++; // everything up to highest arrived, in order
                return false;
            }
            // A hole: from here on, remember exactly which frames came.
            seen = new BitSet();
            seen.set(1, (int) highest + 1);
        }
        if (seq < 1 || seq > Integer.MAX_VALUE - 1 || seen.get((int) seq)) {
            duplicates++;
            return false;
        }
        seen.set((int) seq);
        distinct++;
        if (seq < highest) {
            reordered++;
        } else {
            highest = seq;
        }
        return true;
    }
}
