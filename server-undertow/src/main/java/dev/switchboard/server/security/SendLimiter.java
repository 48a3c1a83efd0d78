package dev.switchboard.server.security;

import java.util.function.LongSupplier;

/**
 * One port's send allowance toward the upstream: a message bucket and a byte bucket
 * ({@link SendRate}). Thread-safe (SSE posts may race; a WebSocket port's frames arrive one at a time).
 */
public final class SendLimiter {

    private final SendRate rate;
    private final LongSupplier nanoTime;
    /**
     * Made at the first send, not at attach: a bucket made earlier would be full by then anyway
     * (it starts full and only fills), and most ports of a fan-out never send, so an idle port
     * keeps no buckets (96 B a pair).
     */
    private TokenBucket messages;
    private TokenBucket bytes;
    private boolean started;

    /** A limiter for one port, timed by {@code nanoTime} ({@link System#nanoTime} in production). */
    public SendLimiter(SendRate rate, LongSupplier nanoTime) {
        this.rate = rate;
        this.nanoTime = nanoTime;
    }

    /**
     * Whether a message of {@code size} bytes may go now; when it may, it is counted.
     *
     * @return null when it may go, else a sentence saying which limit it is over
     */
    public synchronized String tryAcquire(int size) {
        if (!started) {
            started = true;
            messages = rate.messagesPerSecond() > 0 ? new TokenBucket(rate.messagesPerSecond(), nanoTime) : null;
            bytes = rate.bytesPerSecond() > 0 ? new TokenBucket(rate.bytesPerSecond(), nanoTime) : null;
        }
        if (messages != null && !messages.tryTake(1)) {
            return "over the limit of " + rate.messagesPerSecond() + " messages per second for one client";
        }
        if (bytes != null && !bytes.tryTake(size)) {
            // The message was counted but is not sent: give its token back by not minding it; one
            // token lost per refused message is the cheaper error, and it only slows the sender.
            return "over the limit of " + rate.bytesPerSecond() + " bytes per second for one client";
        }
        return null;
    }

    /** The policy for a message over the limit. */
    public SendRate.Policy policy() {
        return rate.policy();
    }
}
