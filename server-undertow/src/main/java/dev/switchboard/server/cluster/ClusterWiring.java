package dev.switchboard.server.cluster;

import dev.switchboard.api.Hub;
import dev.switchboard.cluster.redis.ClusterRole;
import dev.switchboard.cluster.redis.ClusterSettings;
import dev.switchboard.cluster.redis.HubPlan;
import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.server.ClusterTiming;
import dev.switchboard.hub.HubBuilder;
import dev.switchboard.server.ServedHub;
import dev.switchboard.server.observe.ClusterView;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The packaged server's side of {@code --cluster redis://HOST:PORT}: connects to Redis once, builds
 * every hub through {@link RedisCluster} (so the instances share one origin connection per hub and
 * their cursors), and tells the probes each hub's role. The only server code that knows the
 * cluster module; without {@code --cluster} none of it runs.
 */
public final class ClusterWiring implements AutoCloseable {

    private final RedisCluster cluster;

    private ClusterWiring(RedisCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Connects to Redis at {@code address}.
     *
     * @throws IllegalArgumentException when the address is not a Redis URI or Redis does not answer there,
     *     naming the address and the fix
     */
    public static ClusterWiring connect(URI address) {
        return connect(address, ClusterTiming.DEFAULT);
    }

    /** Connects to Redis at {@code address}, with this lease and tick ({@code --cluster-lease}, {@code --cluster-tick}). */
    public static ClusterWiring connect(URI address, ClusterTiming timing) {
        return new ClusterWiring(RedisCluster.connect(address, ClusterSettings.defaults().withTiming(timing.lease(), timing.tick())));
    }

    /**
     * The clustered hub: its stream in Redis keeps as many messages, as long, as its replay settings,
     * and as many sends may wait for the leader as its upstream queue holds.
     */
    public Hub hub(ServedHub hub, Supplier<HubBuilder> builder) {
        // upstream-queue 0 refuses every send while the upstream is down; the send stream still needs room for one.
        HubPlan plan = new HubPlan(hub.name(), hub.upstream(), hub.settings().replay(),
                hub.settings().replayAge(), Math.max(1, hub.settings().upstreamQueue()));
        return cluster.hub(plan, builder);
    }

    /** What the probes show of these hubs. */
    public ClusterView view(Map<String, Hub> hubs) {
        return new ClusterView(Optional.of(cluster.address()), name -> Optional.ofNullable(hubs.get(name))
                .flatMap(RedisCluster::role)
                .map(ClusterWiring::toView));
    }

    private static ClusterView.HubRole toView(ClusterRole role) {
        return new ClusterView.HubRole(role.name(), role.redisProblem());
    }

    /** Leaves Redis; close the hubs first. */
    @Override
    public void close() {
        cluster.close();
    }
}
