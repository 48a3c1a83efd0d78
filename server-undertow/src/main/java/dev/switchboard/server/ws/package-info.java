/**
 * The WebSocket front end: each client connection to {@code /hubs/NAME/ws} becomes a port of that
 * hub. What the frames mean is a {@link dev.switchboard.server.ws.PortProtocol} chosen at the
 * handshake by subprotocol, which opens a {@link dev.switchboard.server.ws.PortSession} per
 * connection; {@link dev.switchboard.server.ws.RawProtocol} passes frames through unchanged, and
 * {@link dev.switchboard.server.ws.EnvelopeProtocol} speaks the JSON envelopes of subprotocol
 * {@code switchboard.v1}.
 * This package speaks to hubs only through {@code dev.switchboard.api}.
 */
package dev.switchboard.server.ws;
