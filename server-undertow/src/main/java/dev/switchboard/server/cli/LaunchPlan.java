package dev.switchboard.server.cli;

import dev.switchboard.server.ServerConfig;
import java.net.URI;
import java.util.List;

/**
 * The checked command line: the server's settings, and its hubs once the default hub's upstream
 * is known (with {@code --demo}, only after the demo origin started).
 *
 * @param settings        every setting but the hubs
 * @param defaultUpstream the upstream of {@code --upstream}, or null
 * @param demo            whether {@code --demo} was given
 * @param extraHubs       the hubs of {@code --hub}, in order
 * @param plugins         the jars of {@code --plugins}, or {@link PluginDirectory#NONE}
 */
record LaunchPlan(ServerConfig.Builder settings, URI defaultUpstream, boolean demo, List<HubUpstream> extraHubs,
                  PluginDirectory plugins) {

    /** A plan without plugins. */
    LaunchPlan(ServerConfig.Builder settings, URI defaultUpstream, boolean demo, List<HubUpstream> extraHubs) {
        this(settings, defaultUpstream, demo, extraHubs, PluginDirectory.NONE);
    }

    /**
     * The whole configuration; the default hub comes first.
     *
     * @param demoUpstream the demo origin's address when {@link #demo()}, otherwise ignored
     */
    ServerConfig config(URI demoUpstream) {
        URI upstream = demo ? demoUpstream : defaultUpstream;
        if (upstream != null) {
            settings.hub(ServerConfig.DEFAULT_HUB, upstream);
        }
        extraHubs.forEach(hub -> settings.hub(hub.name(), hub.upstream()));
        return settings.demoPage(demo).build();
    }
}
