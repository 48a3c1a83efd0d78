package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;

/**
 * The hub's view of one WebSocket client: items and probes go out through the connection's
 * protocol session, and an ended port closes the socket with the close code for its reason
 * (the same in every protocol).
 */
final class ClientConnection implements PortConnection {

    private final ClientSocket socket;
    private final PortSession session;

    ClientConnection(ClientSocket socket, PortSession session) {
        this.socket = socket;
        this.session = session;
    }

    @Override
    public void deliver(Downstream item, DeliveryCallback callback) {
        session.deliver(item, callback);
    }

    @Override
    public void ping() {
        session.ping();
    }

    @Override
    public void close(PortEnd end) {
        socket.close(CloseFrames.forEnd(end.reason()), CloseFrames.reasonText(end));
    }
}
