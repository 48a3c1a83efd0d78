package dev.switchboard.server.ws;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the front end learned about a client at the WebSocket handshake, for a
 * {@link PortProtocol} to open its session with (an envelope protocol reads {@code ?since=} here).
 *
 * @param hub         the name of the hub the client connected to
 * @param remote      the client's address, {@code host:port}
 * @param parameters  the query parameters of the request URL, by name
 * @param subprotocol the negotiated subprotocol, empty when none
 */
public record ClientHandshake(String hub, String remote, Map<String, List<String>> parameters, String subprotocol) {

    /** Copies the parts. */
    public ClientHandshake {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(remote, "remote");
        parameters = Map.copyOf(parameters);
        subprotocol = subprotocol == null ? "" : subprotocol;
    }

    static ClientHandshake of(String hub, String remote, Map<String, List<String>> query, String subprotocol) {
        Map<String, List<String>> copy = query.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        return new ClientHandshake(hub, remote, copy, subprotocol);
    }
}
