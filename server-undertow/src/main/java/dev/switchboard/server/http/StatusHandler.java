package dev.switchboard.server.http;

import dev.switchboard.api.Redacted;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubStats;
import dev.switchboard.server.observe.ClusterView;
import dev.switchboard.server.observe.HubWatch;
import dev.switchboard.server.observe.ServerMetrics;
import dev.switchboard.server.observe.ServerState;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /status}: the server and every hub as JSON, for the status page and for people
 * with curl: readiness, each hub's upstream state and since when, its last upstream error, ports,
 * messages per second, queue figures, and its recent port ends by reason. Nothing in it is
 * secret: upstream URLs lose their user info, as on {@code /healthz}, and no header value, token
 * or payload appears.
 */
final class StatusHandler implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerMetrics metrics;
    private final ServerState state;
    private final Set<String> eagerHubs;
    private final ClusterView cluster;
    private final Clock clock;

    StatusHandler(ServerMetrics metrics, ServerState state, Set<String> eagerHubs, ClusterView cluster, Clock clock) {
        this.metrics = metrics;
        this.state = state;
        this.eagerHubs = eagerHubs;
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(JSON.writeValueAsString(report()));
    }

    Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        List<String> notReady = ReadinessHandler.reasons(metrics, state, eagerHubs, cluster);
        report.put("ready", notReady.isEmpty());
        report.put("notReady", notReady);
        report.put("draining", state.isDraining());
        report.put("now", clock.instant().toString());
        report.put("uptimeSeconds", Duration.between(state.createdAt(), clock.instant()).toSeconds());
        if (cluster.enabled()) {
            report.put("cluster", Map.of("redis", cluster.redis().orElseThrow()));
        }
        List<Object> hubs = new ArrayList<>();
        long nanos = System.nanoTime();
        for (HubWatch watch : metrics.watches().values()) {
            hubs.add(hub(watch, nanos));
        }
        report.put("hubs", hubs);
        return report;
    }

    private Map<String, Object> hub(HubWatch watch, long nanos) {
        HubStats stats = watch.refresh();
        HubWatch.View view = watch.view();
        Map<String, Object> hub = new LinkedHashMap<>();
        hub.put("name", watch.hub().name());
        hub.put("eager", eagerHubs.contains(watch.hub().name()));
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("uri", Redacted.uri(watch.hub().upstream()));
        upstream.put("state", view.state().name());
        upstream.put("since", view.since().toString());
        upstream.put("lastError", view.lastError().orElse(null));
        upstream.put("lastErrorAt", view.lastErrorAt().map(Object::toString).orElse(null));
        hub.put("upstream", upstream);
        Map<String, Object> role = cluster.describe(watch.hub().name());
        if (role != null) {
            hub.put("cluster", role);
        }
        hub.put("ports", watch.hub().portCount());
        hub.put("portsAttachedTotal", view.attachedTotal());
        hub.put("messagesPerSecond", Math.round(watch.messagesPerSecond(nanos) * 10) / 10.0);
        hub.put("messagesReceived", stats.messagesReceived());
        hub.put("messagesSent", stats.messagesSent());
        hub.put("queuedItems", stats.queuedItems());
        hub.put("deepestQueue", stats.deepestQueue());
        Map<String, Long> ends = new LinkedHashMap<>();
        for (Map.Entry<EndReason, Long> e : view.endsByReason().entrySet()) {
            ends.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
        }
        hub.put("endsByReason", ends);
        List<Object> recent = new ArrayList<>();
        for (HubWatch.RecentEnd end : view.recentEnds()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("port", end.port());
            entry.put("reason", end.reason().name().toLowerCase(Locale.ROOT));
            entry.put("detail", end.detail());
            entry.put("at", end.at().toString());
            recent.add(entry);
        }
        hub.put("recentEnds", recent);
        return hub;
    }
}
