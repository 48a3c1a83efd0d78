package dev.switchboard.cluster.redis;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import io.lettuce.core.RedisClient;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The upstream of an instance's hub in a cluster: not the origin but the hub's stream in Redis.
 * The hub "connects" to it as to any transport, so its lifecycle (backoff while Redis is away,
 * the state its ports see) stays the hub's own; each connection reads the stream from where the
 * previous one stopped, so a Redis outage costs nothing that Redis kept.
 */
final class StreamRelay implements TransportProvider {

    private final RedisClient client;
    private final ClusterKeys keys;
    private final String hub;
    private final String scheme;
    private final SendQueue sends;
    private final AtomicReference<String> lastId;

    StreamRelay(RedisClient client, ClusterKeys keys, String hub, String scheme, SendQueue sends, String startId) {
        this.client = client;
        this.keys = keys;
        this.hub = hub;
        this.scheme = scheme;
        this.sends = sends;
        this.lastId = new AtomicReference<>(startId);
    }

    @Override
    public Set<String> schemes() {
        return Set.of(scheme);
    }

    @Override
    public String name() {
        return "cluster-redis stream relay";
    }

    @Override
    public UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener) {
        return new StreamRelayConnection(client, keys, hub, request.uri(), sends, lastId, listener);
    }

    /** The id of the newest entry read. */
    String lastId() {
        return lastId.get();
    }
}
