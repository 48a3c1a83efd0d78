package dev.switchboard.cluster.redis;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the instances of a cluster coordinate.
 *
 * @param lease      how long a leader's lease lasts without renewal: the time a dead leader
 *                   keeps the hub without an upstream, and the time an instance's interest
 *                   outlives it (default 3s)
 * @param tick       how often the lease is renewed or tried, and interest refreshed and read
 *                   (default 250ms; at most a third of the lease)
 * @param keyPrefix  the prefix of every Redis key (default {@code switchboard:})
 * @param instanceId this instance's name in Redis (default: host, process id and a random part)
 */
public record ClusterSettings(Duration lease, Duration tick, String keyPrefix, String instanceId) {

    /** Default {@link #lease}. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(3);
    /** Default {@link #tick}. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(250);

    /** Checks the values; a bad one is an {@link IllegalArgumentException} naming it and the fix. */
    public ClusterSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(instanceId, "instanceId");
        if (tick.isNegative() || tick.isZero() || tick.multipliedBy(3).compareTo(lease) > 0) {
            throw new IllegalArgumentException("cluster tick " + tick + " must be positive and at most a third of the lease "
                    + lease + ", so that a leader renews at least twice before its lease runs out");
        }
        if (instanceId.isBlank() || instanceId.contains(":")) {
            throw new IllegalArgumentException("cluster instance id '" + instanceId + "' must be non-blank and contain no ':'");
        }
    }

    /** The defaults, with a fresh instance id. */
    public static ClusterSettings defaults() {
        return new ClusterSettings(DEFAULT_LEASE, DEFAULT_TICK, "switchboard:", newInstanceId());
    }

    /** These settings with another lease and tick. */
    public ClusterSettings withTiming(Duration newLease, Duration newTick) {
        return new ClusterSettings(newLease, newTick, keyPrefix, instanceId);
    }

    /** These settings with another key prefix (tests give each run its own). */
    public ClusterSettings withKeyPrefix(String prefix) {
        return new ClusterSettings(lease, tick, prefix, instanceId);
    }

    private static String newInstanceId() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName().replace(':', '-'); // pid@host
        return runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
