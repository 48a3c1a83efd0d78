package dev.switchboard.server.http;

import dev.switchboard.api.UpstreamState;
import dev.switchboard.server.observe.ClusterView;
import dev.switchboard.server.observe.HubWatch;
import dev.switchboard.server.observe.ServerMetrics;
import dev.switchboard.server.observe.ServerState;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /readyz}: 200 {@code ready} when the listener takes connections and every eager
 * hub's upstream is open; otherwise 503 with one line per reason. A lazy hub's upstream opens
 * only when a client attaches, so it never makes the server unready. {@code /healthz} stays the
 * liveness probe: a server whose upstream is down is alive, but not ready.
 */
final class ReadinessHandler implements HttpHandler {

    private final ServerMetrics metrics;
    private final ServerState state;
    private final Set<String> eagerHubs;
    private final ClusterView cluster;

    ReadinessHandler(ServerMetrics metrics, ServerState state, Set<String> eagerHubs, ClusterView cluster) {
        this.metrics = metrics;
        this.state = state;
        this.eagerHubs = eagerHubs;
        this.cluster = cluster;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        List<String> reasons = reasons(metrics, state, eagerHubs, cluster);
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CACHE_CONTROL, "no-store");
        if (reasons.isEmpty()) {
            PlainText.send(exchange, StatusCodes.OK, "ready");
        } else {
            PlainText.send(exchange, StatusCodes.SERVICE_UNAVAILABLE, "not ready: " + String.join("; ", reasons));
        }
    }

    /**
     * Why the server is not ready; empty when it is. In a cluster, a hub whose instance cannot
     * reach Redis is not ready: its ports stay attached, but no message reaches them until Redis
     * answers again (the cluster fails closed, {@code docs/cluster.md}).
     */
    static List<String> reasons(ServerMetrics metrics, ServerState state, Set<String> eagerHubs, ClusterView cluster) {
        List<String> reasons = new ArrayList<>();
        if (state.isDraining()) {
            reasons.add("the server is shutting down");
        } else if (!state.isListening()) {
            reasons.add("the listener is not up yet");
        }
        for (HubWatch watch : metrics.watches().values()) {
            String name = watch.hub().name();
            UpstreamState upstream = watch.hub().upstreamState();
            if (eagerHubs.contains(name) && upstream != UpstreamState.OPEN && upstream != UpstreamState.LINGERING) {
                String why = "hub '" + name + "' upstream is " + upstream;
                reasons.add(watch.lastError().map(error -> why + " (last error: " + error + ")").orElse(why));
            }
            cluster.roles().apply(name).flatMap(ClusterView.HubRole::redisProblem).ifPresent(problem ->
                    reasons.add("hub '" + name + "' cannot reach the cluster's Redis at " + cluster.redis().orElse("?")
                            + " (" + problem + ")"));
        }
        return reasons;
    }
}
