package dev.switchboard.server.ws;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Port;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.Handshake;
import io.undertow.websockets.core.protocol.version07.Hybi07Handshake;
import io.undertow.websockets.core.protocol.version08.Hybi08Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.List;
import java.util.Set;

/**
 * The WebSocket endpoint of one hub: every connection that completes the handshake is attached
 * to the hub as a port, speaking the protocol its subprotocol selects.
 */
public final class HubSocketEndpoint implements WebSocketConnectionCallback {

    private final Hub hub;
    private final PortProtocols protocols;
    private final SocketSettings settings;
    private final OpenConnections connections;

    private HubSocketEndpoint(Hub hub, PortProtocols protocols, SocketSettings settings, OpenConnections connections) {
        this.hub = hub;
        this.protocols = protocols;
        this.settings = settings;
        this.connections = connections;
    }

    /**
     * An HTTP handler that upgrades requests to WebSocket connections attached to {@code hub};
     * a plain HTTP request gets 426 Upgrade Required with a sentence saying how to connect.
     */
    public static HttpHandler handler(Hub hub, PortProtocols protocols, SocketSettings settings, OpenConnections connections) {
        Set<String> subprotocols = protocols.subprotocols();
        // Offering the subprotocols here is what lets Undertow negotiate one; the channel then reports it.
        List<Handshake> handshakes = List.of(
                new Hybi13Handshake(subprotocols, false),
                new Hybi08Handshake(subprotocols, false),
                new Hybi07Handshake(subprotocols, false));
        return new WebSocketProtocolHandshakeHandler(handshakes,
                new HubSocketEndpoint(hub, protocols, settings, connections), HubSocketEndpoint::notAnUpgrade);
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        connections.track(channel);
        ClientSocket socket = new ClientSocket(channel, settings.closeGrace());
        ClientHandshake handshake = ClientHandshake.of(hub.name(), socket.remote(), exchange.getRequestParameters(),
                channel.getSubProtocol());
        PortSession session = protocols.select(channel.getSubProtocol()).open(handshake, socket);
        ClientReceiveListener listener = new ClientReceiveListener(socket, session, settings.maxMessageSize());

        Port port = hub.attach(new ClientConnection(socket, session), session.attachOptions());

        listener.attached(port);
        channel.getReceiveSetter().set(listener);
        // Catches every way a connection goes away, including a dropped TCP connection with no close frame.
        channel.addCloseTask(closed -> port.end(EndReason.CLOSED, "connection closed"));
        if (!channel.isOpen()) {
            port.end(EndReason.CLOSED, "connection closed during the handshake");
            return;
        }
        channel.resumeReceives();
    }

    private static void notAnUpgrade(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.UPGRADE_REQUIRED);
        exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(exchange.getRequestPath()
                + " takes WebSocket connections only: connect to it with a WebSocket client (ws://)\n");
    }
}
