package dev.switchboard.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;

/**
 * A hub's leader lease: {@code SET lease token NX PX ttl}, renewed while held. The token ends in
 * a fencing number that grows with every acquisition, and every write of the leader is checked
 * against it inside Redis ({@link StreamAppender}), so a leader whose lease expired (paused,
 * partitioned) writes nothing more, even before it notices.
 */
final class LeaderLease {

    private final RedisCommands<String, byte[]> redis;
    private final ClusterKeys keys;
    private final String instance;
    private final Duration ttl;

    LeaderLease(RedisCommands<String, byte[]> redis, ClusterKeys keys, String instance, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.ttl = ttl;
    }

    /** Takes the lease if nobody holds it: the fencing token, or empty. */
    Optional<String> tryAcquire() {
        byte[] token = redis.eval(Scripts.ACQUIRE, ScriptOutputType.VALUE, new String[] {keys.lease(), keys.fence()},
                Redis.bytes(instance), Redis.bytes(ttl.toMillis()));
        return Optional.ofNullable(Redis.text(token));
    }

    /** Extends the lease; false when it is no longer ours (expired, or taken by another instance). */
    boolean renew(String token) {
        Long kept = redis.eval(Scripts.RENEW, ScriptOutputType.INTEGER, new String[] {keys.lease()},
                Redis.bytes(token), Redis.bytes(ttl.toMillis()));
        return kept != null && kept == 1L;
    }

    /** Frees the lease at once if it is still ours, so another instance need not wait for it to expire. */
    void release(String token) {
        redis.eval(Scripts.RELEASE, ScriptOutputType.INTEGER, new String[] {keys.lease()}, Redis.bytes(token));
    }

    /** The holder's token, if any. */
    Optional<String> holder() {
        return Optional.ofNullable(Redis.text(redis.get(keys.lease())));
    }
}
