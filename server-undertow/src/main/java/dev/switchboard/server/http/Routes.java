package dev.switchboard.server.http;

import dev.switchboard.api.Hub;
import dev.switchboard.server.client.ClientAssetsHandler;
import dev.switchboard.server.security.HubGuard;
import dev.switchboard.server.sse.MessagesEndpoint;
import dev.switchboard.server.sse.SseEndpoint;
import dev.switchboard.server.ws.HubSocketEndpoint;
import dev.switchboard.server.ws.OpenConnections;
import dev.switchboard.server.ws.PortProtocols;
import dev.switchboard.server.ws.SocketSettings;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.StatusCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The server's root HTTP handler:
 * <ul>
 *   <li>{@code GET /hubs/{name}/ws}: a WebSocket connection to hub {@code name}, or 404 naming the
 *       known hubs when there is no such hub;</li>
 *   <li>{@code GET /hubs/{name}/events}: an SSE port of hub {@code name} (404 the same way);</li>
 *   <li>{@code POST /hubs/{name}/messages?port=PORT}: a message upstream from that port (404 the same way);</li>
 *   <li>{@code GET /healthz}: the health report;</li>
 *   <li>{@code GET /client/*}: the browser client's scripts ({@code docs/browser.md});</li>
 *   <li>{@code GET /} in {@code --demo} mode: the browser demo page;</li>
 *   <li>anything else: 404 with a line pointing at the routes above.</li>
 * </ul>
 */
public final class Routes {

    private Routes() {
    }

    /** The root handler for these hubs, without the demo page. */
    public static HttpHandler create(Map<String, Hub> hubs, PortProtocols protocols, SocketSettings settings,
                                     OpenConnections connections) {
        return create(hubs, protocols, settings, connections, false);
    }

    /** The root handler for these hubs, all with the same socket settings; with {@code demoPage}, {@code GET /} serves the demo page. */
    public static HttpHandler create(Map<String, Hub> hubs, PortProtocols protocols, SocketSettings settings,
                                     OpenConnections connections, boolean demoPage) {
        return create(hubs, protocols, name -> settings, connections, demoPage);
    }

    /**
     * The root handler for these hubs, each with the socket settings {@code settingsByHub} gives
     * for its name; with {@code demoPage}, {@code GET /} serves the browser demo page.
     */
    public static HttpHandler create(Map<String, Hub> hubs, PortProtocols protocols,
                                     Function<String, SocketSettings> settingsByHub,
                                     OpenConnections connections, boolean demoPage) {
        return create(hubs, protocols, settingsByHub, connections, demoPage, HubGuard::open);
    }

    /**
     * As {@link #create(Map, PortProtocols, Function, OpenConnections, boolean)}, each hub behind the
     * guard {@code guards} gives for its name: its WebSocket and SSE requests pass the guard's origin,
     * limit and authentication checks before anything else, and its posts show the port's secret.
     */
    public static HttpHandler create(Map<String, Hub> hubs, PortProtocols protocols,
                                     Function<String, SocketSettings> settingsByHub,
                                     OpenConnections connections, boolean demoPage, Function<String, HubGuard> guards) {
        Map<String, HubGuard> guardOf = new LinkedHashMap<>();
        hubs.keySet().forEach(name -> guardOf.put(name, guards.apply(name)));
        // One handler per hub and route, made once: the hubs never change while the server runs.
        String known = hubs.isEmpty() ? "(none)" : String.join(", ", hubs.keySet());
        RoutingHandler routes = new RoutingHandler();
        if (demoPage) {
            routes.get("/", ClientAssetsHandler.demo());
        }
        return routes
                .get("/hubs/{name}/ws", forHub(perHub(hubs, hub -> HubSocketEndpoint.handler(hub, protocols,
                        settingsByHub.apply(hub.name()), connections, guardOf.get(hub.name()))), known))
                .get("/hubs/{name}/events", forHub(perHub(hubs, hub -> SseEndpoint.handler(hub, connections,
                        settingsByHub.apply(hub.name()).closeGrace(), guardOf.get(hub.name()))), known))
                .post("/hubs/{name}/messages", forHub(perHub(hubs, hub -> MessagesEndpoint.handler(hub,
                        settingsByHub.apply(hub.name()).maxMessageSize(), guardOf.get(hub.name()))), known))
                .get("/healthz", new HealthHandler(hubs))
                .get("/client/*", ClientAssetsHandler.client())
                .setFallbackHandler(Routes::unknownPath);
    }

    private static Map<String, HttpHandler> perHub(Map<String, Hub> hubs, Function<Hub, HttpHandler> handler) {
        Map<String, HttpHandler> endpoints = new LinkedHashMap<>();
        hubs.forEach((name, hub) -> endpoints.put(name, handler.apply(hub)));
        return endpoints;
    }

    /** Hands the request to its hub's handler, or answers 404 naming the known hubs. */
    private static HttpHandler forHub(Map<String, HttpHandler> endpoints, String known) {
        return exchange -> {
            String name = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("name");
            HttpHandler endpoint = endpoints.get(name);
            if (endpoint == null) {
                // A fixed text: what the request said is never repeated back to it.
                PlainText.send(exchange, StatusCodes.NOT_FOUND, "no hub of that name on this server; known hubs: " + known);
                return;
            }
            endpoint.handleRequest(exchange);
        };
    }

    private static void unknownPath(HttpServerExchange exchange) {
        PlainText.send(exchange, StatusCodes.NOT_FOUND, "nothing at this path"
                + "; WebSocket clients connect to /hubs/NAME/ws, SSE clients to /hubs/NAME/events"
                + " (and POST to /hubs/NAME/messages?port=PORT), the browser client is under /client/,"
                + " /healthz and /readyz are the probes, /metrics the Prometheus metrics, /status.html the status page");
    }
}
