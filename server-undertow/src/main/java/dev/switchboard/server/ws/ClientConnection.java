package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;

/**
 * The hub's view of one WebSocket client: items and probes go out through the connection's
 * protocol session, and an ended port closes the socket with its end's close code (the same in
 * every protocol). The hub calls {@link #close} once, after the one decision on the port's end.
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
    public void flush() {
        socket.flush();
    }

    @Override
    public void ping() {
        session.ping();
    }

    @Override
    public void close(PortEnd end) {
        socket.close(end.closeCode(), CloseFrames.reasonText(end));
    }
}
