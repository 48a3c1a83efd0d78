package dev.switchboard.hub;

import dev.switchboard.api.config.HubSettings;
import dev.switchboard.api.spi.UpstreamRequest;

/**
 * What one hub is built from, checked by {@link HubBuilder#build()}: its name, the request for
 * its upstream (made from the settings' upstream options), and its settings.
 */
record HubSetup(String name, UpstreamRequest upstream, HubSettings settings) {
}
