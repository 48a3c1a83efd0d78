package dev.switchboard.server.cli;

import dev.switchboard.api.config.HubSettingKey;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.security.HubAccess;
import dev.switchboard.server.security.SecurityConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Reads a configuration file together with the command line and the environment into a
 * {@link LaunchPlan}: for every option, the command line wins over {@code SWITCHBOARD_*}, which
 * wins over the file, which wins over the default. Server-wide keys and {@code defaults:} land on
 * the command line's own options, so everything downstream ({@link ConfigReader}, the process
 * options) reads them as if they had been typed; each file hub gets options of its own, read the
 * same way. Every error is collected, with the key path or option it came from, before any is
 * reported.
 */
final class FileConfigReader {

    private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9-]*");

    /**
     * One hub of the file, as read.
     *
     * @param name     its name
     * @param upstream its upstream (from the file, or from {@code --hub NAME=URI} / {@code --upstream})
     * @param settings its settings
     * @param access   its access rules
     * @param options  its options, holding the access rules as text
     * @param sources  where each of its options came from, by option name
     */
    record FileHub(String name, URI upstream, String upstreamWritten, HubSettings settings, HubAccess access,
                   CliOptions options, Map<String, OptionSource> sources) {
    }

    /**
     * What the file, the environment and the command line describe.
     *
     * @param plan     the plan, with the file's hubs added
     * @param fileHubs the hubs of the file, by name
     * @param shared   where each option of the command line's own came from, by option name
     */
    record Result(LaunchPlan plan, Map<String, FileHub> fileHubs, Map<String, OptionSource> shared) {
    }

    private final CliOptions cli;
    private final ParseResult parsed;
    private final Map<String, String> env;
    private final List<String> errors = new ArrayList<>();

    private FileConfigReader(CliOptions cli, ParseResult parsed, Map<String, String> env) {
        this.cli = cli;
        this.parsed = parsed;
        this.env = env;
    }

    /**
     * Reads the command line, the environment and, when {@code file} is not null, the file.
     *
     * @throws ConfigErrors naming every problem found
     */
    static Result read(CliOptions cli, ParseResult parsed, Map<String, String> env, Path file) {
        return new FileConfigReader(cli, parsed, env).read(file);
    }

    private Result read(Path file) {
        ConfigFile doc = file == null ? null : ConfigFile.read(file, cli.spec, env, errors);
        if (file != null && doc == null) {
            throw new ConfigErrors(errors);
        }
        Map<String, OptionSource> shared = layerShared(doc);
        Map<String, FileHub> fileHubs = new LinkedHashMap<>();
        if (doc != null && doc.hubs.isEmpty() && cli.upstream == null && cli.hubs.isEmpty() && !cli.demo) {
            add(FileKeys.HUBS + ": no hub is configured: add one under 'hubs:', e.g. "
                    + "'hubs: {prices: {upstream: ws://127.0.0.1:9001/prices}}', or give --upstream URI or --hub NAME=URI");
        }
        if (doc != null) {
            Map<String, URI> upstreams = commandLineUpstreams(doc);
            for (ConfigFile.Hub hub : doc.hubs) {
                fileHubs.put(hub.name(), readHub(hub, doc, upstreams.get(hub.name())));
            }
        }
        for (Runnable check : List.<Runnable>of(cli.process::drainTimeout, cli.process::drainAcceptGrace, cli.process::logFormat, cli.process::logLevel)) {
            try {
                check.run();
            } catch (UsageException e) {
                add(relabel(e.getMessage(), shared, doc != null));
            }
        }
        OptionSource levels = shared.get(LoggerLevels.FLAG);
        if (levels != null) {
            LoggerLevels.errors(levels).forEach(this::add);
        }
        LaunchPlan plan = null;
        try {
            plan = ConfigReader.read(cli, env, doc != null);
        } catch (UsageException e) {
            boolean inFile = doc != null;
            boolean named = inFile && eachAlone(shared, FileKeys::isServerScope,
                    options -> ConfigReader.read(options, env, true), "", true);
            String message = relabel(e.getMessage(), shared, inFile);
            // A hub setting's error has already been reported with its key path, for every hub.
            if (!named && errors.stream().noneMatch(known -> known.endsWith(e.getMessage()))) {
                add(message);
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigErrors(errors);
        }
        if (!fileHubs.isEmpty()) {
            SecurityConfig common = SecurityReader.read(cli, env);
            Map<String, HubAccess> perHub = new LinkedHashMap<>();
            for (FileHub hub : fileHubs.values()) {
                plan.settings().hub(hub.name(), hub.upstream(), hub.settings());
                perHub.put(hub.name(), hub.access());
            }
            plan.settings().security(new SecurityConfig(common.hubs(), perHub, common.maxPortsPerAddress(),
                    common.handshakeTimeout(), common.idleTimeout(), common.tls()));
        }
        return new Result(plan, fileHubs, shared);
    }

    /** Puts the environment and the file's server-wide keys and defaults on the command line's options it does not set. */
    private Map<String, OptionSource> layerShared(ConfigFile doc) {
        Map<String, OptionSource> shared = new LinkedHashMap<>();
        for (OptionSpec option : cli.spec.options()) {
            if (!FileKeys.hasVariable(option)) {
                continue;
            }
            String flag = option.longestName();
            OptionSource fromFile = null;
            if (doc != null && FileKeys.isServerScope(option)) {
                fromFile = OptionSource.file(option, "", doc.server.get(flag));
            } else if (doc != null && FileKeys.isHubScope(option)) {
                fromFile = OptionSource.file(option, FileKeys.DEFAULTS, doc.defaults.get(flag));
            }
            OptionSource typed = OptionSource.commandLine(option, parsed);
            OptionSource source = OptionSource.first(typed, OptionSource.environment(option, env), fromFile);
            if (source == null) {
                continue;
            }
            shared.put(flag, source);
            if (typed == null) {
                apply(source, option);
            }
        }
        return shared;
    }

    /**
     * The upstreams that {@code --upstream} and {@code --hub NAME=URI} give hubs of the file; those
     * are taken off the command line's hubs, so that the file's hub keeps its settings.
     */
    private Map<String, URI> commandLineUpstreams(ConfigFile doc) {
        Set<String> names = doc.hubs.stream().map(ConfigFile.Hub::name).collect(Collectors.toSet());
        Map<String, URI> upstreams = new LinkedHashMap<>();
        if (names.contains(ServerConfig.DEFAULT_HUB)) {
            if (cli.demo) {
                errors.add("demo: the demo origin is the upstream of the hub 'default', which the file also configures "
                        + "(hubs.default): rename that hub, or leave demo off");
            }
            if (cli.upstream != null) {
                uri(cli.upstream, "--upstream").ifPresent(uri -> upstreams.put(ServerConfig.DEFAULT_HUB, uri));
                cli.upstream = null;
            }
        }
        for (Iterator<String> it = cli.hubs.iterator(); it.hasNext(); ) {
            String text = it.next();
            int equals = text.indexOf('=');
            String name = equals > 0 ? text.substring(0, equals).trim() : "";
            if (names.contains(name)) {
                uri(text.substring(equals + 1), "--hub " + name).ifPresent(uri -> upstreams.put(name, uri));
                it.remove();
            }
        }
        return upstreams;
    }

    private FileHub readHub(ConfigFile.Hub hub, ConfigFile doc, URI fromCommandLine) {
        String section = FileKeys.HUBS + "." + hub.name();
        CliOptions options = withDefaults();
        Map<String, OptionSource> sources = new LinkedHashMap<>();
        Map<HubSettingKey, OptionSource> settingSources = new LinkedHashMap<>();
        for (OptionSpec option : options.spec.options()) {
            if (!FileKeys.isHubScope(option)) {
                continue;
            }
            String flag = option.longestName();
            OptionSource source = OptionSource.first(OptionSource.commandLine(cli.spec.findOption(flag), parsed),
                    OptionSource.environment(option, env), OptionSource.file(option, section, hub.values().get(flag)),
                    OptionSource.file(option, FileKeys.DEFAULTS, doc.defaults.get(flag)));
            if (source == null) {
                continue;
            }
            sources.put(flag, source);
            Optional<HubSettingKey> key = HubSettingDefaults.keyOf(option);
            if (key.isPresent()) {
                settingSources.put(key.get(), source);
            } else {
                apply(source, option);
            }
        }
        HubSettings settings = settings(section, settingSources);
        HubAccess access = null;
        try {
            access = SecurityReader.read(options, env).hubs();
        } catch (UsageException e) {
            if (!eachAlone(sources, option -> HubSettingDefaults.keyOf(option).isEmpty(),
                    alone -> SecurityReader.read(alone, env), section, true)) {
                report(e.getMessage(), sources, section, true);
            }
        }
        URI upstream = fromCommandLine;
        String written = fromCommandLine == null ? null : fromCommandLine.toString();
        if (upstream == null && hub.upstream() != null) {
            upstream = uri(hub.upstream().text(), section + "." + FileKeys.UPSTREAM).orElse(null);
            written = hub.upstream().substituted() ? hub.upstream().written() : hub.upstream().text();
        }
        return new FileHub(hub.name(), upstream, written, settings, access, options, sources);
    }

    /**
     * The hub's settings, or null after reporting every bad one: a value that cannot be read, and
     * then each value the whole does not accept, found by leaving the one named out and checking again.
     */
    private HubSettings settings(String section, Map<HubSettingKey, OptionSource> sources) {
        Set<HubSettingKey> bad = new java.util.HashSet<>();
        for (Map.Entry<HubSettingKey, OptionSource> entry : sources.entrySet()) {
            for (String text : entry.getValue().texts()) {
                try {
                    entry.getKey().apply(HubSettings.builder(), text);
                } catch (IllegalArgumentException e) {
                    add(entry.getValue().label() + ": " + e.getMessage());
                    bad.add(entry.getKey());
                }
            }
        }
        boolean readable = bad.isEmpty();
        for (int attempt = 0; attempt <= HubSettingKey.values().length; attempt++) {
            HubSettings.Builder builder = HubSettings.builder();
            sources.forEach((key, source) -> {
                if (!bad.contains(key)) {
                    source.texts().forEach(text -> key.apply(builder, text));
                }
            });
            try {
                HubSettings settings = builder.build();
                return readable && bad.isEmpty() ? settings : null;
            } catch (IllegalArgumentException e) {
                Optional<HubSettingKey> named = namedIn(e.getMessage(), sources.keySet(), bad);
                add(named.map(key -> sources.get(key).label()).orElse(section) + ": " + e.getMessage());
                if (named.isEmpty()) {
                    return null;
                }
                bad.add(named.get());
            }
        }
        return null;
    }

    /** The first of {@code candidates} (not yet in {@code bad}) that {@code message} names. */
    private static Optional<HubSettingKey> namedIn(String message, Set<HubSettingKey> candidates, Set<HubSettingKey> bad) {
        Matcher words = Pattern.compile("[a-z][a-z-]*").matcher(message);
        while (words.find()) {
            Optional<HubSettingKey> key = HubSettingKey.find(words.group());
            if (key.isPresent() && candidates.contains(key.get()) && !bad.contains(key.get())) {
                return key;
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code reader} on the defaults with one of {@code sources}' values at a time, and reports
     * each value that fails alone, so that one run names every bad access rule or server key.
     * A value whose error names another option that is also set ({@code tls-cert} without its
     * {@code tls-key}) is left to the check of the whole.
     *
     * @return whether any value failed alone
     */
    private boolean eachAlone(Map<String, OptionSource> sources, java.util.function.Predicate<OptionSpec> which,
                              java.util.function.Consumer<CliOptions> reader, String section, boolean inFile) {
        boolean failed = false;
        for (Map.Entry<String, OptionSource> entry : sources.entrySet()) {
            CliOptions alone = withDefaults();
            OptionSpec option = alone.spec.findOption(entry.getKey());
            if (option == null || !which.test(option)) {
                continue;
            }
            try {
                entry.getValue().applyTo(option);
                reader.accept(alone);
            } catch (UsageException e) {
                Matcher flags = FLAG.matcher(e.getMessage());
                boolean namesAnother = false;
                while (flags.find()) {
                    namesAnother |= !flags.group().equals(entry.getKey()) && sources.containsKey(flags.group());
                }
                if (!namesAnother) {
                    report(e.getMessage(), Map.of(entry.getKey(), entry.getValue()), section, inFile);
                    failed = true;
                }
            }
        }
        return failed;
    }

    /** Adds {@code message}, told from where its value came, under {@code section} when it names no key of its own. */
    private void report(String raw, Map<String, OptionSource> sources, String section, boolean inFile) {
        String message = relabel(raw, sources, inFile);
        boolean labelled = section.isEmpty()
                || sources.values().stream().anyMatch(source -> message.startsWith(source.label() + ": "));
        add(labelled ? message : section + ": " + message);
    }

    private void apply(OptionSource source, OptionSpec option) {
        try {
            source.applyTo(option);
        } catch (UsageException e) {
            add(e.getMessage());
        }
    }

    private Optional<URI> uri(String text, String label) {
        try {
            return Optional.of(UpstreamUriParser.parse(text, label));
        } catch (UsageException e) {
            add(e.getMessage());
            return Optional.empty();
        }
    }

    private void add(String error) {
        if (!errors.contains(error)) {
            errors.add(error);
        }
    }

    /** Options holding every default, as a command line without arguments gives them. */
    static CliOptions withDefaults() {
        CliOptions options = new CliOptions();
        new CommandLine(options).parseArgs();
        return options;
    }

    /**
     * {@code message} told from where its value came: when the first option it names was not typed
     * on the command line, the message starts with that value's key path or variable
     * ({@code hubs.news.auth: invalid auth 'magic'}); in a file's context every option it names is
     * written as its key, elsewhere as the variable that set it.
     */
    static String relabel(String message, Map<String, OptionSource> sources, boolean inFile) {
        Matcher matcher = FLAG.matcher(message);
        StringBuilder out = new StringBuilder();
        String prefix = null;
        while (matcher.find()) {
            String flag = matcher.group();
            OptionSource source = sources.get(flag);
            if (prefix == null) {
                prefix = source != null && !source.label().equals(flag) ? source.label() + ": " : "";
            }
            String label = !isOption(flag) ? flag : inFile ? key(flag) : source != null ? source.label() : flag;
            matcher.appendReplacement(out, Matcher.quoteReplacement(label));
        }
        matcher.appendTail(out);
        String body = out.toString();
        if (prefix == null || prefix.isEmpty()) {
            return body;
        }
        // "--allow-origin: invalid origin" becomes "hubs.a.allow-origin: invalid origin", not "...: allow-origin: ...".
        String bare = prefix.substring(prefix.lastIndexOf('.') + 1);
        return prefix + (body.startsWith(bare) ? body.substring(bare.length()) : body);
    }

    private static boolean isOption(String flag) {
        return OPTIONS.spec.findOption(flag) != null;
    }

    private static String key(String flag) {
        return FileKeys.keyOf(OPTIONS.spec.findOption(flag));
    }

    private static final CliOptions OPTIONS = withDefaults();
}
