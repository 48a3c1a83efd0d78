package dev.switchboard.server.ws;

import java.util.Optional;

/**
 * What a WebSocket client's frames mean, chosen once per connection at the handshake by the
 * subprotocol the client asked for. The front end owns the connection (reading messages within
 * the size limit, close frames and close codes, counting every frame as a sign of life); a
 * protocol only decides what goes over it, through the {@link PortSession} it opens for each
 * connection.
 *
 * <p>{@link RawProtocol} is the default: frames pass through unchanged. {@link EnvelopeProtocol}
 * (JSON envelopes over subprotocol {@code switchboard.v1}, see {@code docs/protocol.md}) is
 * selected by its subprotocol, as listed in {@link PortProtocols#standard()}; another protocol is
 * added the same way, and the handler, the socket and the close handling stay as they are.
 *
 * <p>Implementations are shared by all connections and must be thread-safe.
 */
public interface PortProtocol {

    /** The WebSocket subprotocol that selects this protocol; empty for the default protocol. */
    Optional<String> subprotocol();

    /**
     * Starts speaking this protocol on a new connection, before it is attached to its hub.
     *
     * @param handshake what the handshake said: hub, client address, query parameters, subprotocol
     * @param socket    where to write
     */
    PortSession open(ClientHandshake handshake, ClientSocket socket);
}
