package dev.switchboard.server.security;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds at most {@code capacity} tokens and gains {@code perSecond} per second.
 * The time source is injected, so tests run it in virtual time. Not thread-safe: one port's
 * messages arrive one at a time, on its I/O thread (SSE posts take the bucket's lock).
 */
final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double capacity;
    private final double perNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(long perSecond, LongSupplier nanoTime) {
        // A burst of one second's worth is allowed, which is what a client that batches expects.
        this.capacity = perSecond;
        this.perNano = (double) perSecond / NANOS_PER_SECOND;
        this.nanoTime = nanoTime;
        this.tokens = perSecond;
        this.last = nanoTime.getAsLong();
    }

    /** Takes {@code amount} tokens if the bucket holds them; otherwise takes nothing. */
    boolean tryTake(long amount) {
        refill();
        if (tokens < amount && !(amount > capacity && tokens >= capacity)) {
            return false;
        }
        // One item larger than a whole bucket passes when the bucket is full, then leaves it in debt,
        // so a big message is possible but costs its full share of time.
        tokens -= amount;
        return true;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = now;
        }
    }
}
