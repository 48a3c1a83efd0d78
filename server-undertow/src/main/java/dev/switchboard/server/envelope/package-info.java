/**
 * The JSON envelopes of {@code docs/protocol.md}: encoding what the hub sends and decoding what
 * clients send. Used by the WebSocket envelope mode and by SSE ports.
 */
package dev.switchboard.server.envelope;
