/**
 * A small origin for trying the server without any other program: a WebSocket ticker that
 * publishes a JSON price tick on a fixed interval and echoes what it receives.
 */
package dev.switchboard.server.demo;
