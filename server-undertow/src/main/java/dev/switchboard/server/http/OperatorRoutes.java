package dev.switchboard.server.http;

import dev.switchboard.api.Hub;
import dev.switchboard.server.observe.ClusterView;
import dev.switchboard.server.observe.HandshakeRejections;
import dev.switchboard.server.observe.ServerMetrics;
import dev.switchboard.server.observe.ServerState;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The routes an operator uses, in front of the hubs' routes:
 * <ul>
 *   <li>{@code GET /metrics}: every metric in Prometheus' text format;</li>
 *   <li>{@code GET /readyz}: 200 when the listener is up and every eager hub's upstream is open, 503 with the reason;</li>
 *   <li>{@code GET /status}: the status report as JSON, and {@code GET /status.html}: a page that shows it;</li>
 *   <li>{@code GET /favicon.ico}: the icon, so that a browser's request for it is not a 404.</li>
 * </ul>
 * It also counts every refused request to a hub's endpoints ({@code /hubs/NAME/...}) by its
 * status, through {@link HandshakeRejections}.
 */
public final class OperatorRoutes {

    private OperatorRoutes() {
    }

    /**
     * The handler that serves the routes above and hands everything else to {@code hubRoutes}.
     *
     * @param eagerHubs the hubs whose upstream must be open for the server to be ready
     */
    public static HttpHandler wrap(HttpHandler hubRoutes, ServerMetrics metrics, ServerState state,
                                   Set<String> eagerHubs, Clock clock) {
        return wrap(hubRoutes, metrics, state, eagerHubs, ClusterView.NONE, clock);
    }

    /**
     * As {@link #wrap(HttpHandler, ServerMetrics, ServerState, Set, Clock)}, for an instance of a
     * cluster: {@code /healthz} and {@code /status} show each hub's role and whether Redis answers,
     * and {@code /readyz} is 503 while it does not.
     */
    public static HttpHandler wrap(HttpHandler hubRoutes, ServerMetrics metrics, ServerState state,
                                   Set<String> eagerHubs, ClusterView cluster, Clock clock) {
        HttpHandler counted = countRefusals(hubRoutes, metrics);
        io.undertow.server.handlers.PathHandler paths = Handlers.path(counted);
        if (cluster.enabled()) {
            // In front of the hub routes' own /healthz, which knows nothing of a cluster.
            Map<String, Hub> hubs = new LinkedHashMap<>();
            metrics.watches().values().forEach(watch -> hubs.put(watch.hub().name(), watch.hub()));
            paths.addExactPath("/healthz", new HealthHandler(hubs, cluster));
        }
        return paths
                .addExactPath("/metrics", new MetricsHandler(metrics))
                .addExactPath("/readyz", new ReadinessHandler(metrics, state, eagerHubs, cluster))
                .addExactPath("/status", new StatusHandler(metrics, state, eagerHubs, cluster, clock))
                .addExactPath("/status.html", StaticResource.of("status.html"))
                .addExactPath("/favicon.ico", StaticResource.of("favicon.svg"));
    }

    private static HttpHandler countRefusals(HttpHandler next, ServerMetrics metrics) {
        return exchange -> {
            String hub = hubOf(exchange);
            if (hub != null && metrics.watches().containsKey(hub)) {
                exchange.addExchangeCompleteListener((done, proceed) -> {
                    int status = done.getStatusCode();
                    if (status >= 400 && done.getAttachment(HandshakeRejections.counted()) == null) {
                        metrics.handshakeRejections().rejected(hub, HandshakeRejections.causeOf(status));
                    }
                    proceed.proceed();
                });
            }
            next.handleRequest(exchange);
        };
    }

    /** The NAME of {@code /hubs/NAME/...}, or null. */
    private static String hubOf(HttpServerExchange exchange) {
        String path = exchange.getRelativePath();
        if (!path.startsWith("/hubs/")) {
            return null;
        }
        int end = path.indexOf('/', "/hubs/".length());
        return end < 0 ? null : path.substring("/hubs/".length(), end);
    }
}
