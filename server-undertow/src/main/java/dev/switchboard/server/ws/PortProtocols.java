package dev.switchboard.server.ws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protocols the front end speaks: one default, used when the client asked for no subprotocol
 * we know, and any number selected by their subprotocol.
 */
public final class PortProtocols {

    private final PortProtocol fallback;
    private final Map<String, PortProtocol> bySubprotocol = new LinkedHashMap<>();

    /**
     * @param fallback  the protocol for clients that negotiate no subprotocol
     * @param selectable protocols chosen by their subprotocol
     * @throws IllegalArgumentException if two protocols claim one subprotocol, or one of them claims none
     */
    public PortProtocols(PortProtocol fallback, List<PortProtocol> selectable) {
        this.fallback = fallback;
        for (PortProtocol protocol : selectable) {
            String name = protocol.subprotocol().orElseThrow(() -> new IllegalArgumentException(
                    "protocol " + protocol.getClass().getName() + " names no subprotocol, so no client could select it"));
            if (bySubprotocol.putIfAbsent(name, protocol) != null) {
                throw new IllegalArgumentException("two protocols claim subprotocol '" + name + "'");
            }
        }
    }

    /** Raw mode only. */
    public static PortProtocols rawOnly() {
        return new PortProtocols(new RawProtocol(), List.of());
    }

    /**
     * What the packaged server speaks: raw mode by default, and envelope mode for clients that ask
     * for subprotocol {@value EnvelopeProtocol#SUBPROTOCOL}.
     */
    public static PortProtocols standard() {
        return new PortProtocols(new RawProtocol(), List.of(new EnvelopeProtocol()));
    }

    /** The subprotocols offered at the handshake. */
    Set<String> subprotocols() {
        return bySubprotocol.keySet();
    }

    /** The protocol for a connection that negotiated {@code subprotocol} (null or empty for none). */
    PortProtocol select(String subprotocol) {
        if (subprotocol == null || subprotocol.isEmpty()) {
            return fallback;
        }
        return bySubprotocol.getOrDefault(subprotocol, fallback);
    }
}
