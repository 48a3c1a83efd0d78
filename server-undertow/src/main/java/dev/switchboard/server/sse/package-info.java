/**
 * SSE ports: {@code GET /hubs/NAME/events} streams a hub's items to a client as Server-Sent
 * Events, and {@code POST /hubs/NAME/messages?port=PORT} carries what the client sends upstream.
 * See {@code docs/protocol.md}, "SSE ports".
 */
package dev.switchboard.server.sse;
