package dev.switchboard.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a hub waits between failed upstream attempts: exponential with full jitter.
 *
 * <p>Before attempt {@code n} (counted from 1 since the last stable connection) the hub waits
 * a random time between zero and {@code min(cap, base × 2^(n-1))}. Spreading retries over the
 * whole window keeps a fleet of hubs from reconnecting in lockstep after an origin restarts.
 * A connection that stayed open for {@code resetAfter} counts as stable: the next failure
 * starts again from attempt 1.
 *
 * @param base       the first window (default 500ms)
 * @param cap        the largest window (default 30s)
 * @param resetAfter how long a connection must stay open to reset the count (default 60s)
 */
public record BackoffPolicy(Duration base, Duration cap, Duration resetAfter) {

    /** 500ms base, 30s cap, reset after 60s open. */
    public static final BackoffPolicy DEFAULT =
            new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** Checks the values; a bad one is an {@link IllegalArgumentException} naming it. */
    public BackoffPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base " + base + " must be positive, e.g. 500ms");
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap " + cap + " is smaller than the base " + base
                    + ": make the cap at least the base");
        }
        if (resetAfter.isNegative()) {
            throw new IllegalArgumentException("backoff reset " + resetAfter + " must not be negative");
        }
    }

    /** The upper bound of the random wait before the given attempt (1 or more). */
    public Duration window(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 62));
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        long window = doublings >= 62 || baseNanos > (capNanos >> doublings) ? capNanos : baseNanos << doublings;
        return Duration.ofNanos(Math.min(window, capNanos));
    }
}
