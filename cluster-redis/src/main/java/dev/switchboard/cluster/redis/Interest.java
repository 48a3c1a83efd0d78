package dev.switchboard.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * Cluster-wide demand for a hub's upstream: each instance with ports attached keeps its entry
 * in a sorted set scored by an expiry in Redis time (so instance clocks do not matter), and the
 * leader holds the upstream while any entry is alive. An instance that dies stops refreshing,
 * and its interest lapses after {@code ttl}.
 */
final class Interest {

    private final RedisCommands<String, byte[]> redis;
    private final ClusterKeys keys;
    private final String instance;
    private final Duration ttl;

    Interest(RedisCommands<String, byte[]> redis, ClusterKeys keys, String instance, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.ttl = ttl;
    }

    /** This instance has ports: keep its interest alive for another {@code ttl}. */
    void refresh() {
        redis.eval(Scripts.INTEREST_REFRESH, ScriptOutputType.INTEGER, new String[] {keys.interest()},
                Redis.bytes(instance), Redis.bytes(ttl.toMillis()));
    }

    /** This instance has no port left. */
    void drop() {
        redis.zrem(keys.interest(), Redis.bytes(instance));
    }

    /** How many instances have ports now. */
    long instances() {
        Long count = redis.eval(Scripts.INTEREST_COUNT, ScriptOutputType.INTEGER, new String[] {keys.interest()});
        return count == null ? 0 : count;
    }
}
