package dev.switchboard.cluster.redis;

import dev.switchboard.api.Message;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The way from a port on any instance to the upstream: a second stream per hub, which the leader
 * consumes ({@link SendConsumer}). Bounded: a send finding {@code capacity} messages waiting is
 * refused, since the leader is not keeping up (or there is none).
 */
final class SendQueue {

    private final RedisAsyncCommands<String, byte[]> redis;
    private final ClusterKeys keys;
    private final int capacity;

    SendQueue(RedisAsyncCommands<String, byte[]> redis, ClusterKeys keys, int capacity) {
        this.redis = redis;
        this.keys = keys;
        this.capacity = capacity;
    }

    /** Queues a message for the leader: the entry id, or null when the queue is full. */
    CompletionStage<byte[]> offer(Message message) {
        List<byte[]> args = new ArrayList<>(8);
        args.add(Redis.bytes(capacity));
        args.addAll(StreamEntries.fields(message));
        return redis.<byte[]>eval(Scripts.SEND, ScriptOutputType.VALUE, new String[] {keys.sends()}, args.toArray(new byte[0][]));
    }

    int capacity() {
        return capacity;
    }
}
