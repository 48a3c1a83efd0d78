package dev.switchboard.cluster.redis;

import dev.switchboard.api.Message;
import dev.switchboard.api.SendResult;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of the send stream: reads it through a consumer group, hands each message to
 * the upstream, one at a time and in order, and acknowledges (and deletes) an entry only after the
 * upstream took it. Every leader reads as the same consumer, so a new leader first gets what the
 * old one read but never acknowledged: across a leader change a send arrives at least once.
 */
final class SendConsumer implements AutoCloseable {

    static final String GROUP = "switchboard";
    static final String CONSUMER = "leader";
    private static final Logger log = LoggerFactory.getLogger(SendConsumer.class);
    private static final Duration BLOCK = Duration.ofMillis(250);
    private static final long UPSTREAM_ANSWER_SECONDS = 10;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final StatefulRedisConnection<String, byte[]> connection;
    private final ClusterKeys keys;
    private final String hub;
    private final BooleanSupplier upstreamOpen;
    private final Function<Message, CompletionStage<SendResult>> upstream;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts consuming on a connection of its own (a blocking read would hold up every other
     * command on a shared one).
     *
     * @param upstreamOpen whether the upstream is open now; sends wait in the stream while it is not
     * @param upstream     hands one message to the upstream
     */
    SendConsumer(RedisClient client, ClusterKeys keys, String hub, BooleanSupplier upstreamOpen,
            Function<Message, CompletionStage<SendResult>> upstream) {
        this.connection = Redis.connect(client);
        this.keys = keys;
        this.hub = hub;
        this.upstreamOpen = upstreamOpen;
        this.upstream = upstream;
        this.thread = new Thread(this::run, "switchboard-sends-" + hub);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        RedisCommands<String, byte[]> redis = connection.sync();
        boolean pendingFirst = true;
        boolean groupReady = false;
        while (running) {
            try {
                if (!groupReady) {
                    ensureGroup(redis);
                    groupReady = true;
                }
                if (!upstreamOpen.getAsBoolean()) {
                    // Nothing to hand sends to: they wait in the stream. The blocking read paces the loop.
                    redis.xread(XReadArgs.Builder.block(BLOCK).count(1), XReadArgs.StreamOffset.latest(keys.sends()));
                    continue;
                }
                List<StreamMessage<String, byte[]>> batch = redis.xreadgroup(Consumer.from(GROUP, CONSUMER),
                        XReadArgs.Builder.block(BLOCK).count(64),
                        pendingFirst ? XReadArgs.StreamOffset.from(keys.sends(), "0") : XReadArgs.StreamOffset.lastConsumed(keys.sends()));
                if (pendingFirst && batch.isEmpty()) {
                    pendingFirst = false;
                }
                for (StreamMessage<String, byte[]> entry : batch) {
                    if (!running || !deliver(redis, entry)) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("hub '{}': reading the send stream failed: {}; retrying", hub, e.toString());
                    pendingFirst = true;
                    groupReady = false; // a restarted Redis may have lost the group (NOGROUP)
                    pause();
                }
            }
        }
    }

    /** Hands one entry to the upstream; false to stop this batch (the upstream went away: the entry stays pending). */
    private boolean deliver(RedisCommands<String, byte[]> redis, StreamMessage<String, byte[]> entry) {
        Message message;
        try {
            if (entry.getBody() == null || entry.getBody().isEmpty()) {
                done(redis, entry); // deleted while pending
                return true;
            }
            message = StreamEntries.message(entry.getBody());
        } catch (RuntimeException e) {
            log.error("hub '{}': send stream entry {} is not a message ({}); it is removed", hub, entry.getId(), e.getMessage());
            done(redis, entry);
            return true;
        }
        SendResult result;
        try {
            result = upstream.apply(message).toCompletableFuture().get(UPSTREAM_ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("hub '{}': the upstream gave no answer for send {} ({}); it stays queued", hub, entry.getId(), e.toString());
            return false;
        }
        switch (result.status()) {
            case SENT -> done(redis, entry);
            case QUEUED -> {
                // The upstream dropped between our check and the send; the origin hub sends it after reconnecting.
                log.info("hub '{}': send {} waits in the leader's queue: {}", hub, entry.getId(), result.detail());
                done(redis, entry);
            }
            case REJECTED -> {
                log.warn("hub '{}': a port's message (send {}) was refused by the upstream and is not sent: {}",
                        hub, entry.getId(), result.detail());
                done(redis, entry);
            }
        }
        return true;
    }

    private void done(RedisCommands<String, byte[]> redis, StreamMessage<String, byte[]> entry) {
        redis.xack(keys.sends(), GROUP, entry.getId());
        redis.xdel(keys.sends(), entry.getId());
    }

    private void ensureGroup(RedisCommands<String, byte[]> redis) {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.sends(), "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists (the usual case). Checked every round because a restarted Redis may have lost it.
        }
    }

    /** Paces retries while Redis is away; the loop has nothing else to wait on. */
    private static void pause() {
        LockSupport.parkNanos(RETRY_PAUSE.toNanos());
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
