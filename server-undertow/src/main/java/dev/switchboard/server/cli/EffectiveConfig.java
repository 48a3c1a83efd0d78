package dev.switchboard.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.api.config.HubSettingKey;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.server.ServedHub;
import dev.switchboard.server.ServerConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The configuration a server would run with, as a YAML file in the form {@code --config} reads:
 * every server-wide key and, for every hub, every key with its effective value. Secrets are
 * redacted: header values, an upstream's user info and query, and any value that came from a
 * {@code ${VAR}} is shown as written, with the variable's name and not its value.
 */
final class EffectiveConfig {

    static final String REDACTED = "<redacted>";

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private EffectiveConfig() {
    }

    /** The configuration as YAML. */
    static String render(ServerConfig config, FileConfigReader.Result read, CliOptions cli) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (OptionSpec option : cli.spec.options()) {
            if (option.longestName().equals(LoggerLevels.FLAG)) {
                // As the file writes it: one map, not a list of LOGGER=LEVEL.
                Map<String, String> levels = LoggerLevels.read(cli.process.logLevelsFor);
                if (!levels.isEmpty()) {
                    ObjectNode node = root.putObject(FileKeys.keyOf(option));
                    levels.forEach(node::put);
                }
            } else if (FileKeys.isServerScope(option)) {
                put(root, FileKeys.keyOf(option), option.getValue());
            }
        }
        ObjectNode hubs = root.putObject(FileKeys.HUBS);
        for (ServedHub hub : config.hubs()) {
            FileConfigReader.FileHub fromFile = read.fileHubs().get(hub.name());
            CliOptions options = fromFile != null ? fromFile.options() : cli;
            Map<String, OptionSource> sources = fromFile != null ? fromFile.sources() : read.shared();
            ObjectNode node = hubs.putObject(hub.name());
            node.put(FileKeys.UPSTREAM, fromFile != null && fromFile.upstreamWritten() != null
                    && EnvSubstitution.substitutes(fromFile.upstreamWritten())
                    ? fromFile.upstreamWritten() : redact(hub.upstream()));
            for (OptionSpec option : options.spec.options()) {
                if (FileKeys.isHubScope(option)) {
                    hubKey(node, option, hub.settings(), sources.get(option.longestName()));
                }
            }
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the effective configuration cannot be written as YAML", e);
        }
    }

    private static void hubKey(ObjectNode node, OptionSpec option, HubSettings settings, OptionSource source) {
        Optional<HubSettingKey> setting = HubSettingDefaults.keyOf(option);
        String key = FileKeys.keyOf(option);
        if (setting.isEmpty()) {
            put(node, key, option.getValue());
        } else if (setting.get() == HubSettingKey.HEADERS) {
            if (!settings.headers().isEmpty()) {
                ObjectNode headers = node.putObject(key);
                settings.headers().keySet().forEach(name -> headers.put(name, REDACTED));
            }
        } else if (setting.get().repeatable()) {
            if (source != null && !source.texts().isEmpty()) {
                ArrayNode items = node.putArray(key);
                for (int i = 0; i < source.texts().size(); i++) {
                    items.add(shown(source, i));
                }
            }
        } else if (source != null && source.fromFile() && EnvSubstitution.substitutes(source.written().get(0))) {
            node.put(key, source.written().get(0));
        } else if (option.type() == boolean.class || option.type() == Boolean.class) {
            node.put(key, Boolean.parseBoolean(setting.get().textIn(settings)));
        } else {
            node.put(key, setting.get().textIn(settings));
        }
    }

    /** A value as written when it came from a variable, so its secret is not shown. */
    private static String shown(OptionSource source, int i) {
        String written = source.written().get(i);
        return source.fromFile() && EnvSubstitution.substitutes(written) ? written : source.texts().get(i);
    }

    private static void put(ObjectNode node, String key, Object value) {
        if (value instanceof List<?> list) {
            if (!list.isEmpty()) {
                ArrayNode items = node.putArray(key);
                list.forEach(item -> items.add(String.valueOf(item)));
            }
        } else if (value instanceof Boolean bool) {
            node.put(key, bool);
        } else if (value != null) {
            node.put(key, String.valueOf(value));
        }
    }

    /** The upstream without its user info and its query, either of which may hold a credential. */
    static String redact(URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawQuery() == null) {
            return uri.toString();
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : REDACTED + "@") + uri.getHost() + port
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + REDACTED);
    }
}
