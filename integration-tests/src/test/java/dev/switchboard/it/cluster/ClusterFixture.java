package dev.switchboard.it.cluster;

import dev.switchboard.cluster.redis.testing.RedisServer;
import dev.switchboard.testsupport.WebSocketOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real {@code redis-server}, one real WebSocket origin, and packaged-server processes that serve
 * one hub ({@code default}) of that origin with {@code --cluster}. Closes everything it started.
 */
final class ClusterFixture implements AutoCloseable {

    /** The instances' reconnect backoff: its first window is part of the takeover bound. */
    static final Duration BACKOFF_BASE = Duration.ofMillis(100);

    final RedisServer redis;
    final WebSocketOrigin origin;
    final List<ServerProcess> instances = new ArrayList<>();
    private int started;

    ClusterFixture(boolean persistentRedis) throws InterruptedException {
        this.redis = persistentRedis ? RedisServer.persistent() : RedisServer.start();
        this.origin = WebSocketOrigin.start();
    }

    /** Starts {@code count} more instances at once and waits until each listens. */
    List<ServerProcess> startInstances(int count) throws Exception {
        List<ServerProcess> fresh = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ServerProcess instance = ServerProcess.start("instance-" + (++started), List.of("--listen", "127.0.0.1:0",
                    "--upstream", origin.uri().toString(), "--cluster", redis.uri().toString(),
                    "--backoff-base", BACKOFF_BASE.toMillis() + "ms", "--backoff-cap", "1s", "--linger", "0s"));
            instances.add(instance);
            fresh.add(instance);
        }
        for (ServerProcess instance : fresh) {
            instance.awaitListening(Duration.ofSeconds(90));
        }
        return fresh;
    }

    /** The one live instance that says it leads, if exactly one does. */
    Optional<ServerProcess> leader() {
        List<ServerProcess> leaders = instances.stream().filter(ServerProcess::isAlive).filter(ServerProcess::isLeader).toList();
        return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
    }

    @Override
    public void close() throws Exception {
        for (ServerProcess instance : instances) {
            instance.close();
        }
        origin.close();
        redis.close();
    }
}
