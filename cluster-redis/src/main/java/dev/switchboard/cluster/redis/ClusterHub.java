package dev.switchboard.cluster.redis;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Hub;
import dev.switchboard.api.HubListener;
import dev.switchboard.api.HubStats;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.Registration;
import dev.switchboard.api.UpstreamState;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A hub as one instance of a cluster serves it: ports attach to this instance's hub, which fans
 * out from the shared stream; closing it also leaves the cluster (gives up the lease at once).
 */
final class ClusterHub implements Hub {

    private final Hub local;
    private final HubCoordinator coordinator;

    ClusterHub(Hub local, HubCoordinator coordinator) {
        this.local = local;
        this.coordinator = coordinator;
    }

    /** Whether this instance leads the hub now (holds the origin connection while anyone wants it). */
    boolean isLeader() {
        return coordinator.isLeader();
    }

    /** Why this instance could not reach Redis for this hub at its last try; empty while it can. */
    Optional<String> redisProblem() {
        return coordinator.problem();
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public URI upstream() {
        return local.upstream();
    }

    @Override
    public Port attach(PortConnection connection, AttachOptions options) {
        return local.attach(connection, options);
    }

    @Override
    public UpstreamState upstreamState() {
        return local.upstreamState();
    }

    @Override
    public int portCount() {
        return local.portCount();
    }

    @Override
    public Cursor head() {
        return local.head();
    }

    @Override
    public Registration addListener(HubListener listener) {
        return local.addListener(listener);
    }

    @Override
    public Optional<Port> port(String id) {
        return local.port(id);
    }

    @Override
    public HubStats stats() {
        return local.stats();
    }

    @Override
    public CompletionStage<Void> drain(String detail) {
        return local.drain(detail);
    }

    @Override
    public void close() {
        local.close();
        coordinator.close();
    }
}
