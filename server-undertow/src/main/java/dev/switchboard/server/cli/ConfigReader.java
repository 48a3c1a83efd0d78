package dev.switchboard.server.cli;

import dev.switchboard.api.config.HubNames;
import dev.switchboard.api.config.HubSettingKey;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.server.ServerConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;

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
        return read(options, env, false);
    }

    /**
     * As {@link #read(CliOptions, java.util.Map)}; with {@code fileHubs}, a configuration file
     * holds hubs, so the command line need not name one.
     */
    static LaunchPlan read(CliOptions options, java.util.Map<String, String> env, boolean fileHubs) {
        if (options.demo && options.upstream != null) {
            throw new UsageException("--demo and --upstream both set the upstream of the default hub: give only one of them");
        }
        if (!fileHubs && !options.demo && options.upstream == null && options.hubs.isEmpty()) {
            throw new UsageException("no upstream to serve: give one with --upstream URI, e.g. --upstream ws://127.0.0.1:9001/feed, "
                    + "or try the built-in demo with --demo");
        }
        ServerConfig.Builder config = ServerConfig.builder().listen(ListenAddressParser.parse(options.listen));

        URI defaultUpstream = options.upstream == null ? null : UpstreamUriParser.parse(options.upstream, "--upstream");
        List<HubUpstream> extraHubs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (options.upstream != null || options.demo) {
            names.add(ServerConfig.DEFAULT_HUB);
        }
        for (String text : options.hubs) {
            Assignment hub = Assignment.parse(text, "--hub", "NAME=URI", "prices=ws://127.0.0.1:9001/prices");
            try {
                HubNames.check(hub.name());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage() + " (in --hub '" + text + "')");
            }
            if (!names.add(hub.name())) {
                throw new UsageException("hub '" + hub.name() + "' is defined twice (--hub '" + text
                        + "'); the hub of --upstream and --demo is named 'default': give each hub its own name");
            }
            extraHubs.add(new HubUpstream(hub.name(), UpstreamUriParser.parse(hub.value(), "--hub " + hub.name())));
        }
        try {
            config.settings(hubSettings(options, env));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        config.security(SecurityReader.read(options, env));
        // Checked with or without --cluster, so a bad value in a file is found before the cluster is turned on.
        config.clusterTiming(ClusterTimingParser.parse(options.clusterLease, options.clusterTick));
        config.ioThreads(IoThreadsParser.parse(options.ioThreads));
        if (options.cluster != null) {
            config.cluster(ClusterAddressParser.parse(options.cluster));
        }
        return new LaunchPlan(config, defaultUpstream, options.demo, extraHubs, PluginDirectory.read(options.plugins));
    }

    /**
     * The settings every hub gets: each hub setting's option, read by its key the way a
     * configuration file is read, then checked as a whole.
     */
    private static HubSettings hubSettings(CliOptions options, java.util.Map<String, String> env) {
        HubSettings.Builder settings = HubSettings.builder();
        for (HubSettingKey key : HubSettingKey.values()) {
            OptionSpec option = options.spec.findOption(key.flag());
            if (option == null) {
                throw new IllegalStateException("the command line has no option " + key.flag() + " for hub setting " + key.key());
            }
            Object value = option.getValue();
            if (value instanceof List<?> values) {
                values.forEach(item -> key.apply(settings, String.valueOf(item)));
            } else if (value != null) {
                key.apply(settings, String.valueOf(value));
            }
        }
        HeaderSources.read(options.headerFile, options.headerEnvs, env).forEach(settings::header);
        return settings.build();
    }
}
