package dev.switchboard.api.config;

import java.time.Duration;

/**
 * How a hub waits between failed upstream attempts: exponential with full jitter (the
 * {@code backoff-base}, {@code backoff-cap} and {@code backoff-reset} settings).
 *
 * <p>Before attempt {@code n} (counted from 1 since the last stable connection) the hub waits
 * a random time between zero and {@code min(cap, base × 2^(n-1))}. Spreading retries over the
 * whole window keeps a fleet of hubs from reconnecting in lockstep after an origin restarts.
 * A connection that stayed open for {@code resetAfter} counts as stable: the next failure
 * starts again from attempt 1.
 *
 * @param base       the first window (default 500ms)
 * @param cap        the largest window (default 30s)
 * @param resetAfter how long a connection must stay open to reset the count (default 1m)
 */
public record BackoffPolicy(Duration base, Duration cap, Duration resetAfter) {

    /** 500ms base, 30s cap, reset after 1m open. */
    public static final BackoffPolicy DEFAULT =
            new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(1));

    /** Checks the values; a bad one is an {@link IllegalArgumentException} naming its key, the value and the fix. */
    public BackoffPolicy {
        Checks.positive(HubSettingKey.BACKOFF_BASE, base, "500ms");
        Checks.positive(HubSettingKey.BACKOFF_CAP, cap, "30s");
        Checks.atLeast(HubSettingKey.BACKOFF_CAP, cap, HubSettingKey.BACKOFF_BASE, base,
                "make the cap at least as long as the base");
        Checks.notNegative(HubSettingKey.BACKOFF_RESET, resetAfter, "1m");
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
