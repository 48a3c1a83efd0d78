/**
 * The server's HTTP routes: the hubs' WebSocket endpoints under {@code /hubs/NAME/ws}, the health
 * report at {@code /healthz}, and one-line answers for everything else.
 */
package dev.switchboard.server.http;
