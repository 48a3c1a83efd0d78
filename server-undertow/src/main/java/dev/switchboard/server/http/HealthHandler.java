package dev.switchboard.server.http;

import dev.switchboard.api.Redacted;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.Hub;
import dev.switchboard.server.observe.ClusterView;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: 200 with a small JSON report, such as
 * {@code {"status":"ok","hubs":{"default":{"upstream":"OPEN","ports":3,"uri":"ws://..."}}}}.
 * The server answering at all is what "ok" means; each hub's upstream state says whether data
 * flows, so a monitor can tell a live server with a broken upstream from a dead one.
 */
final class HealthHandler implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Hub> hubs;
    private final ClusterView cluster;

    HealthHandler(Map<String, Hub> hubs) {
        this(hubs, ClusterView.NONE);
    }

    /** With a cluster, each hub's entry also says this instance's role and whether Redis answers. */
    HealthHandler(Map<String, Hub> hubs, ClusterView cluster) {
        this.hubs = hubs;
        this.cluster = cluster;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", "ok");
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Hub hub : hubs.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("upstream", hub.upstreamState().name());
            entry.put("ports", hub.portCount());
            entry.put("uri", Redacted.uri(hub.upstream()));
            Map<String, Object> role = cluster.describe(hub.name());
            if (role != null) {
                entry.put("cluster", role);
            }
            byName.put(hub.name(), entry);
        }
        report.put("hubs", byName);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(JSON.writeValueAsString(report));
    }
}
