package dev.switchboard.server.sse;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Port;
import dev.switchboard.server.http.PlainText;
import dev.switchboard.server.security.HubGuard;
import dev.switchboard.server.security.PortLimits;
import dev.switchboard.server.ws.OpenConnections;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.StreamSinkChannel;

/**
 * {@code GET /hubs/{hub}/events}: attaches each request to the hub as an SSE port and streams its
 * items as events ({@link SseEvents}) for as long as the port lives.
 *
 * <p>Resume: the {@code Last-Event-ID} header, which browsers send on their own when they
 * reconnect, or else the {@code lastEventId} query parameter, for clients that cannot set headers.
 * The header wins, so a browser reconnecting to a URL that carries an old {@code lastEventId}
 * resumes from where it really stopped. A value that is not a cursor gets an {@code error} event
 * with code {@code bad-cursor} right after the welcome, and the port attaches live-only.
 *
 * <p>The hub's {@link HubGuard} stands in front (403, 401, 503 before any event); the welcome
 * carries the port's {@code secret}, which its posts must show; a stream whose credential expires
 * gets an {@code error} event with code {@code token-expired} and ends.
 */
public final class SseEndpoint implements HttpHandler {

    /** The request header a reconnecting EventSource sends. */
    static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");
    /** The query parameter that stands in for {@link #LAST_EVENT_ID}. */
    static final String LAST_EVENT_ID_PARAMETER = "lastEventId";

    private static final HttpString ACCEL_BUFFERING = new HttpString("X-Accel-Buffering");

    private final Hub hub;
    private final SseEvents events;
    private final OpenConnections connections;
    private final Duration closeGrace;
    private final HubGuard guard;

    private SseEndpoint(Hub hub, OpenConnections connections, Duration closeGrace, HubGuard guard) {
        this.hub = hub;
        this.guard = guard;
        this.events = new SseEvents(hub.name());
        this.connections = connections;
        this.closeGrace = closeGrace;
    }

    /**
     * The handler of {@code hub}'s event streams.
     *
     * @param closeGrace how long an ended stream may take to flush its end before its connection is dropped
     */
    public static HttpHandler handler(Hub hub, OpenConnections connections, Duration closeGrace) {
        return handler(hub, connections, closeGrace, HubGuard.open(hub.name()));
    }

    /** As {@link #handler(Hub, OpenConnections, Duration)}, behind {@code guard}. */
    public static HttpHandler handler(Hub hub, OpenConnections connections, Duration closeGrace, HubGuard guard) {
        return guard.gate(new SseEndpoint(hub, connections, closeGrace, guard));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String address = HubGuard.address(exchange);
        PortLimits.Reservation place = guard.reserve(address);
        if (place == null) {
            PlainText.send(exchange, StatusCodes.SERVICE_UNAVAILABLE, guard.limitRefusal(address));
            return;
        }
        AttachOptions options = AttachOptions.live(describe(exchange.getSourceAddress()));
        byte[] afterWelcome = null;
        String since = resumeFrom(exchange);
        if (since != null) {
            try {
                options = options.resumingAfter(Cursor.parse(since));
            } catch (IllegalArgumentException e) {
                afterWelcome = events.error("bad-cursor", e.getMessage() + "; this port receives live messages only");
            }
        }

        exchange.setStatusCode(StatusCodes.OK);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .put(Headers.CACHE_CONTROL, "no-cache")
                // nginx buffers responses unless told not to, which would hold events back.
                .put(ACCEL_BUFFERING, "no");
        // The response never ends on its own; when it does end, so does the connection.
        exchange.setPersistent(false);
        StreamSinkChannel sink = exchange.getResponseChannel();
        AttachOptions attach = options;
        byte[] extra = afterWelcome;
        // Dispatching keeps Undertow from ending the exchange when this method returns; the task
        // runs right after, on this same I/O thread.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> open(exchange, sink, attach, extra, place));
    }

    private void open(HttpServerExchange exchange, StreamSinkChannel sink, AttachOptions options, byte[] afterWelcome,
                      PortLimits.Reservation place) {
        connections.track(exchange.getConnection());
        exchange.getConnection().addCloseListener(closed -> place.release());
        SseStream stream = new SseStream(exchange, sink, closeGrace);
        SsePortConnection connection = new SsePortConnection(stream, events, afterWelcome, guard);
        Port port = hub.attach(connection, options);
        connection.attached(port);
        // On this I/O thread, before any write the attach queued for it.
        stream.start(why -> port.end(EndReason.CLOSED, why));
        guard.untilExpiry(exchange.getAttachment(HubGuard.DECISION)).ifPresent(left -> {
            var timer = exchange.getIoThread().executeAfter(connection::credentialExpired,
                    Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
            exchange.getConnection().addCloseListener(closed -> timer.remove());
        });
    }

    /** The cursor to resume after: the header if present, else the query parameter; null for none. */
    static String resumeFrom(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        Deque<String> query = exchange.getQueryParameters().get(LAST_EVENT_ID_PARAMETER);
        if (query != null && !query.isEmpty() && !query.getFirst().isBlank()) {
            return query.getFirst().strip();
        }
        return null;
    }

    private static String describe(InetSocketAddress address) {
        if (address == null) {
            return "unknown";
        }
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + " (SSE)";
    }
}
