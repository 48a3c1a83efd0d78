package dev.switchboard.cluster.redis;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reading of a hub's stream: a thread with a connection of its own blocks in {@code XREAD}
 * and hands each entry, with the cursor it carries, to the hub. Sends go to the send stream.
 * Follows the {@link UpstreamListener} rules: one callback at a time, exactly one final one.
 */
final class StreamRelayConnection implements UpstreamConnection {

    private static final Logger log = LoggerFactory.getLogger(StreamRelayConnection.class);
    private static final Duration BLOCK = Duration.ofMillis(500);
    private static final int BATCH = 512;

    private final RedisClient client;
    private final ClusterKeys keys;
    private final String hub;
    private final URI uri;
    private final SendQueue sends;
    private final AtomicReference<String> lastId;
    private final UpstreamListener listener;
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicInteger sendsInFlight = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile boolean open;

    StreamRelayConnection(RedisClient client, ClusterKeys keys, String hub, URI uri, SendQueue sends,
            AtomicReference<String> lastId, UpstreamListener listener) {
        this.client = client;
        this.keys = keys;
        this.hub = hub;
        this.uri = uri;
        this.sends = sends;
        this.lastId = lastId;
        this.listener = listener;
        Thread reader = new Thread(this::read, "switchboard-relay-" + hub);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        StatefulRedisConnection<String, byte[]> connection;
        try {
            connection = Redis.connect(client);
        } catch (RuntimeException e) {
            listener.onFailure(this, new IllegalStateException("Redis is unreachable: " + e.getMessage(), e));
            return;
        }
        try {
            RedisCommands<String, byte[]> redis = connection.sync();
            redis.ping();
            open = true;
            listener.onOpen(this);
            while (!ending.get()) {
                List<StreamMessage<String, byte[]>> batch = redis.xread(XReadArgs.Builder.block(BLOCK).count(BATCH),
                        XReadArgs.StreamOffset.from(keys.stream(), lastId.get()));
                for (StreamMessage<String, byte[]> entry : batch) {
                    lastId.set(entry.getId());
                    Message message;
                    try {
                        message = StreamEntries.relayed(entry.getBody());
                    } catch (RuntimeException e) {
                        log.error("hub '{}': stream entry {} is not a message ({}); skipped", hub, entry.getId(), e.getMessage());
                        continue;
                    }
                    listener.onMessage(this, message);
                }
            }
            open = false;
            if (cancelled) {
                listener.onFailure(this, new IllegalStateException("the stream relay was cancelled"));
            } else {
                listener.onClosed(this, 1000, "");
            }
        } catch (RuntimeException e) {
            open = false;
            listener.onFailure(this, new IllegalStateException(ending.get() && cancelled
                    ? "the stream relay was cancelled"
                    : "reading the hub's stream from Redis failed: " + e.getMessage(), e));
        } finally {
            connection.closeAsync();
        }
    }

    @Override
    public URI uri() {
        return uri;
    }

    /** Queues the message in the send stream for the leader; refused while Redis is away or too many are in flight. */
    @Override
    public boolean send(Message message) {
        if (!open || ending.get() || sendsInFlight.get() >= sends.capacity()) {
            return false;
        }
        sendsInFlight.incrementAndGet();
        sends.offer(message).whenComplete((id, failure) -> {
            sendsInFlight.decrementAndGet();
            if (failure != null) {
                log.warn("hub '{}': a port's message could not be queued for the leader and is not sent: {}", hub, failure.toString());
            } else if (id == null) {
                log.warn("hub '{}': a port's message is not sent: the cluster's send queue is full ({} messages wait for the leader)",
                        hub, sends.capacity());
            }
        });
        return true;
    }

    @Override
    public void close() {
        ending.set(true);
    }

    @Override
    public void cancel() {
        cancelled = true;
        ending.set(true);
    }
}
