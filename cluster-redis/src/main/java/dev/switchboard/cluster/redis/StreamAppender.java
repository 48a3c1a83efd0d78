package dev.switchboard.cluster.redis;

import dev.switchboard.api.Message;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The leader's fenced append: every upstream message goes into the hub's stream through one
 * script that first checks that the caller's token still is the lease, so a deposed leader's
 * writes are refused by Redis itself. Appends run in the order they were made: every one is handed
 * to the connection from one dispatch thread, because a command issued on the connection's own
 * event-loop thread (where the previous append's completion runs, and with it the next delivery)
 * is written at once, ahead of commands other threads queued before it.
 */
final class StreamAppender {

    private final RedisAsyncCommands<String, byte[]> redis;
    private final ClusterKeys keys;
    private final StreamBounds bounds;
    private final Supplier<String> epochCandidates;
    private final Executor dispatch;

    StreamAppender(RedisAsyncCommands<String, byte[]> redis, ClusterKeys keys, StreamBounds bounds, Supplier<String> epochCandidates,
            Executor dispatch) {
        this.redis = redis;
        this.dispatch = dispatch;
        this.keys = keys;
        this.bounds = bounds;
        this.epochCandidates = epochCandidates;
    }

    /** Appends under {@code token}: the sequence assigned, or null when the token no longer holds the lease. */
    CompletionStage<Long> append(String token, Message message) {
        List<byte[]> args = new ArrayList<>(12);
        args.add(Redis.bytes(token));
        args.add(Redis.bytes(bounds.maxLength()));
        args.add(Redis.bytes(bounds.maxAge().toMillis()));
        // A fresh candidate every time: if Redis lost the stream, its new epoch must differ from every earlier one.
        args.add(Redis.bytes(epochCandidates.get()));
        args.addAll(StreamEntries.fields(message));
        CompletableFuture<Long> appended = new CompletableFuture<>();
        dispatch.execute(() -> redis.<Long>eval(Scripts.APPEND, ScriptOutputType.INTEGER,
                        new String[] {keys.lease(), keys.stream(), keys.seq(), keys.epoch()}, args.toArray(new byte[0][]))
                .whenComplete((seq, failure) -> {
                    if (failure != null) {
                        appended.completeExceptionally(failure);
                    } else {
                        appended.complete(seq);
                    }
                }));
        return appended;
    }
}
