package dev.switchboard.server.cli;

import dev.switchboard.hub.SlowPortPolicy;
import dev.switchboard.server.HubConfig;
import dev.switchboard.server.HubSettings;
import dev.switchboard.server.ServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the options into a {@link LaunchPlan}, checking each value where a sentence can still name
 * the option it came from. Every check happens here, before anything starts, so bad input never
 * leaves a demo origin or a hub running.
 */
final class ConfigReader {

    private ConfigReader() {
    }

    /**
     * What the options describe.
     *
     * @throws UsageException for any bad value, naming the option, the value and the fix
     */
    static LaunchPlan read(CliOptions options) {
        return read(options, System.getenv());
    }

    /** As {@link #read(CliOptions)}, with secrets read from {@code env}. */
    static LaunchPlan read(CliOptions options, java.util.Map<String, String> env) {
        if (options.demo && options.upstream != null) {
            throw new UsageException("--demo and --upstream both set the upstream of the default hub: give only one of them");
        }
        if (!options.demo && options.upstream == null && options.hubs.isEmpty()) {
            throw new UsageException("no upstream to serve: give one with --upstream URI, e.g. --upstream ws://127.0.0.1:9001/feed, "
                    + "or try the built-in demo with --demo");
        }
        ServerConfig.Builder config = ServerConfig.builder().listen(ListenAddressParser.parse(options.listen));

        URI defaultUpstream = options.upstream == null ? null : UpstreamUriParser.parse(options.upstream, "--upstream");
        List<HubConfig> extraHubs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (options.upstream != null || options.demo) {
            names.add(ServerConfig.DEFAULT_HUB);
        }
        for (String text : options.hubs) {
            Assignment hub = Assignment.parse(text, "--hub", "NAME=URI", "prices=ws://127.0.0.1:9001/prices");
            if (!hub.name().matches("[A-Za-z0-9_-]{1,64}")) {
                throw new UsageException("invalid hub name '" + hub.name() + "' in --hub '" + text
                        + "': use 1 to 64 letters, digits, '_' or '-'");
            }
            if (!names.add(hub.name())) {
                throw new UsageException("hub '" + hub.name() + "' is defined twice (--hub '" + text
                        + "'); the hub of --upstream and --demo is named 'default': give each hub its own name");
            }
            extraHubs.add(new HubConfig(hub.name(), UpstreamUriParser.parse(hub.value(), "--hub " + hub.name())));
        }
        for (String text : options.headers) {
            Assignment header = Assignment.parse(text, "--header", "NAME=VALUE", "Authorization=Bearer abc");
            config.header(header.name(), header.value());
        }

        Duration backoffBase = DurationParser.parsePositive(options.backoffBase, "--backoff-base");
        Duration backoffCap = DurationParser.parsePositive(options.backoffCap, "--backoff-cap");
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new UsageException("--backoff-cap " + options.backoffCap + " is shorter than --backoff-base "
                    + options.backoffBase + ": make the cap at least as long as the base");
        }
        Duration portHeartbeat = DurationParser.parsePositive(options.portHeartbeat, "--port-heartbeat");
        Duration portTimeout = DurationParser.parsePositive(options.portTimeout, "--port-timeout");
        if (portTimeout.compareTo(portHeartbeat) <= 0) {
            throw new UsageException("--port-timeout " + options.portTimeout + " is not longer than --port-heartbeat "
                    + options.portHeartbeat + ": make the timeout longer, e.g. three heartbeats");
        }
        if (options.maxFrameSize <= 0) {
            throw new UsageException("invalid --max-frame-size " + options.maxFrameSize
                    + ": use a positive number of bytes, e.g. 1048576 for 1 MiB");
        }
        config
                .linger(DurationParser.parse(options.linger, "--linger"))
                .backoff(backoffBase, backoffCap, DurationParser.parsePositive(options.backoffReset, "--backoff-reset"))
                .connectTimeout(DurationParser.parsePositive(options.connectTimeout, "--connect-timeout"))
                .eager(options.eager)
                .maxFrameSize(options.maxFrameSize)
                .portHeartbeat(portHeartbeat, portTimeout)
                .hubSettings(hubSettings(options))
                .security(SecurityReader.read(options, env));
        return new LaunchPlan(config, defaultUpstream, options.demo, extraHubs, PluginDirectory.read(options.plugins));
    }

    /** The options for what every hub buffers, queues and watches. */
    private static HubSettings hubSettings(CliOptions options) {
        int replay = CountParser.parse(options.replay, "--replay", 0, "1024");
        int portQueue = CountParser.parse(options.portQueue, "--port-queue", 1, "4096");
        if ((long) replay + 2 > portQueue) {
            throw new UsageException("--replay " + options.replay + " does not fit --port-queue " + options.portQueue
                    + ": a resuming client gets its replay through its queue; make --port-queue at least "
                    + ((long) replay + 2) + " or --replay smaller");
        }
        Duration upstreamHeartbeat = DurationParser.parsePositive(options.upstreamHeartbeat, "--upstream-heartbeat");
        Duration upstreamTimeout = DurationParser.parsePositive(options.upstreamTimeout, "--upstream-timeout");
        if (upstreamTimeout.compareTo(upstreamHeartbeat) < 0) {
            throw new UsageException("--upstream-timeout " + options.upstreamTimeout + " is shorter than --upstream-heartbeat "
                    + options.upstreamHeartbeat + ": make the timeout longer, e.g. three heartbeats");
        }
        HubSettings.Builder settings = HubSettings.builder()
                .replay(replay, DurationParser.parsePositive(options.replayAge, "--replay-age"))
                .portQueue(portQueue)
                .slowPolicy(slowPolicy(options.slowPolicy))
                .upstreamQueue(CountParser.parse(options.upstreamQueue, "--upstream-queue", 0, "256"))
                .upstreamHeartbeat(upstreamHeartbeat, upstreamTimeout)
                .maxMessageSize(CountParser.parse(options.maxMessageSize, "--max-message-size", 1, "1048576"));
        options.onConnect.forEach(settings::onConnect);
        return settings.build();
    }

    private static SlowPortPolicy slowPolicy(String text) {
        return switch (text == null ? "" : text.trim()) {
            case "end" -> SlowPortPolicy.END;
            case "drop-oldest" -> SlowPortPolicy.DROP_OLDEST;
            default -> throw new UsageException("invalid --slow-policy '" + text + "': write end or drop-oldest");
        };
    }
}
