package dev.switchboard.server.ws;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortEnd;
import dev.switchboard.server.attach.ClientAddress;
import dev.switchboard.server.security.HubGuard;
import dev.switchboard.server.security.PortLimits;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.Handshake;
import io.undertow.websockets.spi.AsyncWebSocketHttpServerExchange;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;

/**
 * The WebSocket endpoint of one hub: every connection that completes the handshake is attached
 * to the hub as a port, speaking the protocol its subprotocol selects.
 *
 * <p>The hub's {@link HubGuard} stands in front: a handshake it refuses gets 403, 401 or 503 and
 * never 101. After the upgrade the client takes its place in the port limits (one that lost the
 * race is closed with 1013), is held to its send rate, and is closed with 1008 when its
 * credential expires.
 *
 * <p>Memory: the endpoint is the one upgrade listener of all its connections, not a listener per
 * connection. Undertow keeps the upgrade listener in its HTTP connection object for as long as the
 * socket is open, and the listener it makes by default (for a {@code WebSocketConnectionCallback})
 * captures the handshake's exchange, its headers and request strings, about 2.3 KB an idle port.
 * This one gets the exchange as an argument, so the handshake's state is garbage once the port is
 * attached, and it lets go of the HTTP connection object too ({@link HttpStateRelease}), which
 * {@code HandshakeStateReleasedTest} checks.
 */
public final class HubSocketEndpoint implements HttpUpgradeListener {

    private final Hub hub;
    private final Handshake handshake;
    /** The open channels of this endpoint, as Undertow's handler keeps them (each channel leaves the set when it closes). */
    private final Set<WebSocketChannel> peers = ConcurrentHashMap.newKeySet();
    private final PortProtocols protocols;
    private final SocketSettings settings;
    private final OpenConnections connections;
    private final HubGuard guard;
    private final ServerFrames frames = new ServerFrames();

    private HubSocketEndpoint(Hub hub, Handshake handshake, PortProtocols protocols, SocketSettings settings,
                              OpenConnections connections, HubGuard guard) {
        this.hub = hub;
        this.handshake = handshake;
        this.guard = guard;
        this.protocols = protocols;
        this.settings = settings;
        this.connections = connections;
    }

    /**
     * An HTTP handler that upgrades requests to WebSocket connections attached to {@code hub};
     * a plain HTTP request gets 426 Upgrade Required with a sentence saying how to connect.
     */
    public static HttpHandler handler(Hub hub, PortProtocols protocols, SocketSettings settings, OpenConnections connections) {
        return handler(hub, protocols, settings, connections, HubGuard.open(hub.name()));
    }

    /** As {@link #handler(Hub, PortProtocols, SocketSettings, OpenConnections)}, behind {@code guard}. */
    public static HttpHandler handler(Hub hub, PortProtocols protocols, SocketSettings settings, OpenConnections connections,
                                      HubGuard guard) {
        Set<String> subprotocols = protocols.subprotocols();
        // Offering the subprotocols here is what lets Undertow negotiate one; the channel then reports it.
        // Version 13 only (RFC 6455): HandshakeCheck answers the drafts' versions 7 and 8 with 426.
        Handshake handshake = new FrameLengthCheck(subprotocols, settings.maxMessageSize(), new WriteDrains());
        HubSocketEndpoint endpoint = new HubSocketEndpoint(hub, handshake, protocols, settings, connections, guard);
        return new HandshakeCheck(guard.gate(new WebSocketProtocolHandshakeHandler(List.of(handshake), endpoint,
                HubSocketEndpoint::notAnUpgrade)));
    }

    /**
     * The 101 is written: builds the WebSocket channel on the connection and attaches it, as
     * Undertow's own listener would, but without holding on to {@code exchange} afterwards. Called
     * only for requests that {@link #handshake} accepted, the only handshake offered.
     */
    @Override
    public void handleUpgrade(StreamConnection connection, HttpServerExchange exchange) {
        WebSocketHttpExchange facade = new AsyncWebSocketHttpServerExchange(exchange, peers);
        WebSocketChannel channel = handshake.createChannel(facade, connection, facade.getBufferPool());
        HttpStateRelease.release(connection, exchange.getConnection());
        peers.add(channel);
        onConnect(facade, channel);
    }

    private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        connections.track(channel);
        ConnectionWriter writer = channel instanceof FrameLengthCheck.Channel own ? own.writer() : null;
        ClientSocket socket = new ClientSocket(channel, writer, frames, settings.closeGrace());
        String address = address(channel.getSourceAddress());
        PortLimits.Reservation place = guard.reserve(address);
        if (place == null) {
            // Another handshake took the last place between the gate's check and this upgrade.
            socket.close(CloseCodes.TRY_AGAIN_LATER, guard.limitRefusal(address));
            return;
        }
        channel.addCloseTask(closed -> place.release());
        ClientHandshake handshake = ClientHandshake.of(hub.name(), socket.remote(), exchange.getRequestParameters(),
                channel.getSubProtocol());
        PortSession session = protocols.select(channel.getSubProtocol()).open(handshake, socket);
        ClientReceiveListener listener = new ClientReceiveListener(socket, session, settings.maxMessageSize(),
                guard.newLimiter());

        Port port = hub.attach(new ClientConnection(socket, session), session.attachOptions());

        listener.attached(port);
        if (channel instanceof FrameLengthCheck.Channel checked) {
            checked.onOversizedFrame(listener::frameTooLarge);
        }
        channel.getReceiveSetter().set(listener);
        // Catches every way a connection goes away, including a dropped TCP connection with no close frame.
        channel.addCloseTask(closed -> port.end(EndReason.CLOSED, "connection closed"));
        if (!channel.isOpen()) {
            port.end(EndReason.CLOSED, "connection closed during the handshake");
            return;
        }
        guard.untilExpiry(exchange.getAttachment(HubGuard.DECISION))
                .ifPresent(left -> endAtExpiry(channel, socket, session, port, left));
        channel.resumeReceives();
    }

    /** Closes the client with 1008 when its credential expires (envelope mode says why first). */
    private static void endAtExpiry(WebSocketChannel channel, ClientSocket socket, PortSession session, Port port,
                                    Duration left) {
        XnioExecutor.Key timer = channel.getIoThread().executeAfter(() -> {
            String detail = "the credential expired";
            session.tell(port, "token-expired", detail + "; reconnect with a fresh token");
            port.end(new PortEnd(EndReason.REJECTED, detail, PortEnd.POLICY_VIOLATION));
        }, Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
        channel.addCloseTask(closed -> timer.remove());
    }

    private static String address(InetSocketAddress source) {
        return ClientAddress.host(source);
    }

    private static void notAnUpgrade(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.UPGRADE_REQUIRED);
        exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("this path takes WebSocket connections only: connect to it with a"
                + " WebSocket client (ws://)\n");
    }
}
