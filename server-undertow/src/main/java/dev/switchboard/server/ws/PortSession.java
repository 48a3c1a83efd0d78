package dev.switchboard.server.ws;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;

/**
 * One connection's side of a {@link PortProtocol}: per connection, so that a protocol can keep
 * state such as a pending error or outstanding send ids.
 *
 * <p>Threading: {@link #deliver} and {@link #ping} are called by the hub, from its threads, never
 * blocking; {@link #received} is called on the connection's I/O thread, one message at a time, in
 * the order the client sent them. Implementations must be safe under that mix and never block.
 */
public interface PortSession {

    /** The options the client attaches with, decided from the handshake. */
    AttachOptions attachOptions();

    /**
     * Writes one item from the hub to the client, or skips it, and completes {@code callback}
     * exactly once, as {@link dev.switchboard.api.PortConnection#deliver} requires.
     */
    void deliver(Downstream item, DeliveryCallback callback);

    /** Sends this protocol's liveness probe (a WebSocket ping in raw mode). */
    void ping();

    /**
     * Handles one complete message the client sent, already within the size limit.
     *
     * @param port the client's port in its hub
     */
    void received(Message message, Port port);

    /**
     * Tells the client about a problem that does not end it (a message refused by the send rate,
     * a credential about to be dropped), in this protocol's words: an {@code error} envelope in
     * envelope mode.
     *
     * @return false when the protocol has no way to say it (raw mode); the caller then closes the client
     */
    default boolean tell(Port port, String code, String text) {
        return false;
    }
}
