package dev.switchboard.server.cli;

import java.net.URI;

/**
 * A hub named on the command line ({@code --hub NAME=URI}), before the settings every hub
 * shares are known.
 *
 * @param name     the hub's name, already checked
 * @param upstream its upstream
 */
record HubUpstream(String name, URI upstream) {
}
