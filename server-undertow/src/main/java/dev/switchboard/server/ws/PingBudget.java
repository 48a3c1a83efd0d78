package dev.switchboard.server.ws;

import java.util.function.LongSupplier;

/**
 * How many pings one client may send in a window of time before it counts as a flood: the same
 * fixed-window rule as Undertow's own (by default 300 in 60 s, its system properties included),
 * so that the front end, not Undertow, decides what a flood leads to. Not thread-safe: used on the
 * connection's I/O thread.
 */
final class PingBudget {

    private final int maxPerWindow;
    private final long windowMillis;
    private final LongSupplier clockMillis;
    private long windowEnd = Long.MIN_VALUE;
    private int count;

    PingBudget(int maxPerWindow, long windowMillis, LongSupplier clockMillis) {
        this.maxPerWindow = maxPerWindow;
        this.windowMillis = windowMillis;
        this.clockMillis = clockMillis;
    }

    /** Counts one ping; false once the window holds more than its budget. */
    boolean tryPing() {
        long now = clockMillis.getAsLong();
        if (now > windowEnd) {
            windowEnd = now + windowMillis;
            count = 1;
            return true;
        }
        count++;
        return count <= maxPerWindow;
    }

    /** What a flood is, for the close reason. */
    String describe() {
        return "more than " + maxPerWindow + " pings in " + windowMillis + " ms";
    }
}
