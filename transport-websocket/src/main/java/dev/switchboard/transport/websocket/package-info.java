/**
 * The {@code ws://} and {@code wss://} transport: upstream WebSocket connections on
 * Java-WebSocket, found by {@link java.util.ServiceLoader} through
 * {@link dev.switchboard.transport.websocket.WebSocketTransportProvider}.
 */
package dev.switchboard.transport.websocket;
