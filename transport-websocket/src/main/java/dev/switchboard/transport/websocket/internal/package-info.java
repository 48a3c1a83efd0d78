/**
 * How the WebSocket transport works inside; nothing here is API and any of it may change.
 */
package dev.switchboard.transport.websocket.internal;
