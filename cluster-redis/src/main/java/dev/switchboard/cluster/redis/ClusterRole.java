package dev.switchboard.cluster.redis;

import java.util.Objects;
import java.util.Optional;

/**
 * One instance's part in one clustered hub, for status reports and probes.
 *
 * @param leader       whether this instance holds the hub's lease (and so the origin connection, while any
 *                     instance has a port)
 * @param redisProblem why Redis did not answer the last time this instance coordinated the hub; empty
 *                     while it answers
 */
public record ClusterRole(boolean leader, Optional<String> redisProblem) {

    /** Checks that no part is missing. */
    public ClusterRole {
        Objects.requireNonNull(redisProblem, "redisProblem");
    }

    /** {@code leader} or {@code follower}. */
    public String name() {
        return leader ? "leader" : "follower";
    }

    /** Whether Redis answered the last time. */
    public boolean redisReachable() {
        return redisProblem.isEmpty();
    }
}
