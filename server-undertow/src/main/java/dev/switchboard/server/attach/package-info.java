/**
 * What every kind of port (WebSocket and SSE) reads from its request before it attaches: the
 * client's address as logs and events show it, and the cursor a resuming client names.
 */
package dev.switchboard.server.attach;
