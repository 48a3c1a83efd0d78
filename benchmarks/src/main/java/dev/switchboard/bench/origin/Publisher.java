package dev.switchboard.bench.origin;

import dev.switchboard.bench.common.Fanout;
import dev.switchboard.bench.common.Frame;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes open-loop: message {@code i} is due at {@code start + i / rate}, fixed in advance.
 * The publisher never waits for a receipt, and when it falls behind it sends the late frames at
 * once, still stamped with the time they were due, so lag anywhere shows up as latency and
 * never lowers the offered rate.
 */
final class Publisher {

    /** What one publication did. */
    record Result(long sent, long deliveries, long maxBehindNanos, long wallNanos, boolean gaveUp) {
    }

    private Publisher() {
    }

    /**
     * Publishes {@code count} frames; gives up when it falls more than {@code giveUpBehindNanos}
     * behind its schedule (the origin itself is saturated, as with thousands of direct clients):
     * the unsent frames then count as late at the client, and the run stays bounded in time.
     */
    static Result publish(Fanout fanout, int run, long rate, int size, long count, long giveUpBehindNanos) {
        if (rate < 1 || rate > 1_000_000) {
            throw new IllegalArgumentException("rate " + rate + " must be 1 to 1000000 messages per second");
        }
        if (count < 1 || count > 10_000_000) {
            throw new IllegalArgumentException("count " + count + " must be 1 to 10000000 messages");
        }
        long start = System.nanoTime() + 2_000_000; // a small lead so message 1 is not already late
        long deliveries = 0;
        long maxBehind = 0;
        for (long i = 0; i < count; i++) {
            long due = start + i * 1_000_000_000L / rate;
            long now = System.nanoTime();
            while (now < due) { // pacing by the clock: each park is bounded by the time left
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            maxBehind = Math.max(maxBehind, now - due);
            if (now - due > giveUpBehindNanos) {
                return new Result(i, deliveries, maxBehind, System.nanoTime() - start, true);
            }
            // A new array per message: Undertow may still be writing the previous one.
            deliveries += fanout.broadcast(Frame.encode(run, i + 1, due, size));
        }
        return new Result(count, deliveries, maxBehind, System.nanoTime() - start, false);
    }
}
