/**
 * The packaged Switchboard server: its configuration ({@link dev.switchboard.server.ServerConfig}),
 * the Guice composition root ({@link dev.switchboard.server.ServerModule}) that builds the hubs and
 * the Undertow server, and the server's lifecycle ({@link dev.switchboard.server.SwitchboardServer}).
 *
 * <p>This is the only place that touches {@code dev.switchboard.hub}, and only to build hubs; every
 * other part of the front end speaks to hubs through {@code dev.switchboard.api}.
 */
package dev.switchboard.server;
