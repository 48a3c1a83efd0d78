package dev.switchboard.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The cluster's timing ({@code --cluster-lease}, {@code --cluster-tick}, {@code docs/cluster.md}):
 * how long a leader's lease lasts without renewal (so how long a dead leader keeps its hubs), and
 * how often leases are renewed and interest refreshed.
 *
 * @param lease positive
 * @param tick  positive, at most a third of {@code lease}, so a leader renews at least twice before its lease runs out
 */
public record ClusterTiming(Duration lease, Duration tick) {

    /** The defaults: a 3s lease renewed every 250ms. */
    public static final ClusterTiming DEFAULT = new ClusterTiming(Duration.ofSeconds(3), Duration.ofMillis(250));

    /** Checks both; a bad one is an {@link IllegalArgumentException} naming the values and the fix. */
    public ClusterTiming {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(tick, "tick");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("cluster lease " + lease + " must be positive: give e.g. 3s");
        }
        if (tick.isNegative() || tick.isZero() || tick.multipliedBy(3).compareTo(lease) > 0) {
            throw new IllegalArgumentException("cluster tick " + tick + " must be positive and at most a third of the lease " + lease
                    + ", so that a leader renews at least twice before its lease runs out: shorten the tick or lengthen the lease");
        }
    }
}
