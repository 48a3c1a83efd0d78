package dev.switchboard.cluster.redis;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.Hub;
import dev.switchboard.api.HubEvent;
import dev.switchboard.hub.HubBuilder;
import dev.switchboard.api.config.SlowPortPolicy;
import dev.switchboard.hub.transport.TransportRegistry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets every instance of a hub share one upstream through Redis Streams. Give each hub's builder
 * to {@link #hub}: the hub it returns fans out from the hub's stream in Redis, whichever instance
 * holds the origin connection; cursors are the stream's, so a port resumes on any instance.
 *
 * <pre>{@code
 * RedisCluster cluster = RedisCluster.connect(URI.create("redis://127.0.0.1:6379"), ClusterSettings.defaults());
 * Hub prices = cluster.hub(new HubPlan("prices", upstream, 1024, Duration.ofMinutes(5), 256),
 *         () -> Hubs.builder("prices").upstream(upstream));
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final URI address;
    private final ClusterSettings settings;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> shared;
    private final ScheduledExecutorService coordination;
    private final ExecutorService appends;

    private RedisCluster(URI address, ClusterSettings settings, RedisClient client, StatefulRedisConnection<String, byte[]> shared) {
        this.address = address;
        this.settings = settings;
        this.client = client;
        this.shared = shared;
        this.coordination = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-cluster");
            t.setDaemon(true);
            return t;
        });
        // One thread hands every leader's appends to Redis, so that they reach it in the order they were made.
        this.appends = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "switchboard-cluster-append");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to Redis at {@code address} ({@code redis://HOST:PORT}, or {@code rediss://} for TLS).
     *
     * @throws IllegalArgumentException when the address is not a Redis URI, or Redis cannot be reached there
     */
    public static RedisCluster connect(URI address, ClusterSettings settings) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(settings, "settings");
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") || address.getHost() == null) {
            throw new IllegalArgumentException("cluster address '" + Redacted.uri(address) + "' is not a Redis URI: write it as redis://HOST:PORT, "
                    + "e.g. redis://127.0.0.1:6379");
        }
        RedisURI redisUri = RedisURI.create(address);
        redisUri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While Redis is away, fail at once instead of queueing: the hub's own backoff and queue take over.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        StatefulRedisConnection<String, byte[]> shared;
        try {
            shared = Redis.connect(client);
            shared.sync().ping();
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalArgumentException("cannot reach Redis at " + Redacted.uri(address) + " (" + e.getMessage()
                    + "): start Redis there, or fix the --cluster address", e);
        }
        log.info("cluster: instance {} joined through Redis at {}", settings.instanceId(), Redacted.uri(address));
        return new RedisCluster(address, settings, client, shared);
    }

    /**
     * Builds the clustered hub. {@code builder} must give a fresh builder with every setting of
     * the hub applied (the cluster builds two hubs from it: this instance's, which fans out from
     * the stream, and, while this instance leads, the one that holds the origin connection).
     */
    public Hub hub(HubPlan plan, Supplier<HubBuilder> builder) {
        ClusterKeys keys = ClusterKeys.of(settings.keyPrefix(), plan.name());
        StreamSnapshot snapshot = StreamSnapshot.read(shared.sync(), keys, plan.replayMessages(), newEpoch());
        SendQueue sends = new SendQueue(shared.async(), keys, plan.sendQueueCapacity());
        StreamRelay relay = new StreamRelay(client, keys, plan.name(), plan.upstream().getScheme().toLowerCase(Locale.ROOT),
                sends, snapshot.lastId());
        Hub local = builder.get()
                .transports(TransportRegistry.of(relay))
                .settings(s -> s.eager(true)) // every instance reads the stream all the time, so any port can resume here
                .continueStream(snapshot.head(), snapshot.held())
                .build();
        StreamBounds bounds = new StreamBounds(plan.replayMessages(), plan.replayAge());
        Supplier<Hub> originHubs = () -> builder.get()
                .settings(s -> s.replay(0, plan.replayAge()) // the stream is the replay
                        .slowPolicy(SlowPortPolicy.END)
                        .eager(false))
                .build();
        HubCoordinator coordinator = new HubCoordinator(plan.name(), client, shared.sync(), shared.async(), keys, settings,
                bounds, RedisCluster::newEpoch, originHubs, local::portCount, coordination, appends);
        local.addListener(event -> {
            if (event instanceof HubEvent.PortAttached || event instanceof HubEvent.PortEnded) {
                coordinator.nudge();
            }
        });
        coordinator.start();
        log.info("hub '{}' is clustered through {}: stream at {}, {} messages held", plan.name(), Redacted.uri(address),
                snapshot.head(), snapshot.held().size());
        return new ClusterHub(local, coordinator);
    }

    /** Whether this instance leads {@code hub} now; false for a hub not built by a cluster. */
    public static boolean isLeader(Hub hub) {
        return hub instanceof ClusterHub clustered && clustered.isLeader();
    }

    /**
     * This instance's part in {@code hub} as an operator sees it: {@code leader} or
     * {@code follower}, and whether Redis answered the last time the instance coordinated the hub
     * (every tick). Empty for a hub not built by a cluster.
     */
    public static Optional<ClusterRole> role(Hub hub) {
        if (!(hub instanceof ClusterHub clustered)) {
            return Optional.empty();
        }
        return Optional.of(new ClusterRole(clustered.isLeader(), clustered.redisProblem()));
    }

    /** The Redis address this cluster coordinates through (without user info). */
    public String address() {
        return address.getScheme() + "://" + address.getHost() + ":" + (address.getPort() < 0 ? 6379 : address.getPort());
    }

    /** Disconnects from Redis; close the hubs first. */
    @Override
    public void close() {
        coordination.shutdown();
        appends.shutdown();
        shared.close();
        client.shutdown();
    }

    private static String newEpoch() {
        return Long.toString(System.currentTimeMillis(), 36) + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
