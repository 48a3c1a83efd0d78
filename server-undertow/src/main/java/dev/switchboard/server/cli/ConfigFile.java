package dev.switchboard.server.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.api.config.HubNames;
import dev.switchboard.api.config.HubSettingKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A configuration file as written: its server-wide keys, its {@code defaults:} for every hub and
 * its {@code hubs:}, each value as text the way the command line would take it, with
 * {@code ${VAR}} replaced. Nothing here knows what a value means; every key's meaning comes from
 * the option of the same name ({@link FileKeys}). Every structural problem (a bad YAML, an unknown
 * key, a list where one value belongs, a missing variable) is added to the error list with its
 * key path, and reading goes on, so that one run reports them all.
 */
final class ConfigFile {

    /**
     * One value as the file holds it.
     *
     * @param path    its key path, e.g. {@code hubs.prices.linger} or {@code hubs.prices.on-connect[0]}
     * @param text    the value with variables replaced, as the option takes it ({@code NAME=VALUE} for a header)
     * @param written the value as written, before variables were replaced
     */
    record Value(String path, String text, String written) {
        /** Whether the text came (in part) from an environment variable, so it may be a secret. */
        boolean substituted() {
            return EnvSubstitution.substitutes(written);
        }
    }

    /**
     * One hub of {@code hubs:}.
     *
     * @param name     its name
     * @param upstream its {@code upstream}, or null when it has none
     * @param values   its other keys, by option name ({@code --linger})
     */
    record Hub(String name, Value upstream, Map<String, List<Value>> values) {
    }

    /** The server-wide keys, by option name. */
    final Map<String, List<Value>> server = new LinkedHashMap<>();
    /** The keys of {@code defaults:}, by option name. */
    final Map<String, List<Value>> defaults = new LinkedHashMap<>();
    /** The hubs, in file order. */
    final List<Hub> hubs = new ArrayList<>();

    private final Map<String, OptionSpec> serverKeys = new LinkedHashMap<>();
    private final Map<String, OptionSpec> hubKeys = new LinkedHashMap<>();
    private final Map<String, String> env;
    private final List<String> errors;

    private ConfigFile(CommandSpec spec, Map<String, String> env, List<String> errors) {
        for (OptionSpec option : spec.options()) {
            if (FileKeys.isServerScope(option)) {
                serverKeys.put(FileKeys.keyOf(option), option);
            } else if (FileKeys.isHubScope(option)) {
                hubKeys.put(FileKeys.keyOf(option), option);
            }
        }
        this.env = env;
        this.errors = errors;
    }

    /**
     * Reads {@code file}; every problem goes to {@code errors}.
     *
     * @param spec the command line, whose options say which keys exist
     * @return the file, or null when it cannot be read as YAML at all
     */
    static ConfigFile read(Path file, CommandSpec spec, Map<String, String> env, List<String> errors) {
        JsonNode root;
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = yaml.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr();
            errors.add(file + where + ": not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " ").strip()
                    + "; fix the file (see examples/switchboard.yaml)");
            return null;
        } catch (IOException e) {
            errors.add("cannot read the configuration file " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): give the path of a readable file");
            return null;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            errors.add(file + " is empty: write at least 'hubs:' with one hub and its upstream (see examples/switchboard.yaml)");
            return null;
        }
        if (!root.isObject()) {
            errors.add(file + " holds " + kind(root) + ", not keys: write 'KEY: VALUE' lines, e.g. 'listen: 127.0.0.1:8080'");
            return null;
        }
        ConfigFile config = new ConfigFile(spec, env, errors);
        config.readRoot(root);
        return config;
    }

    private void readRoot(JsonNode root) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode node = field.getValue();
            if (key.equals(FileKeys.HUBS)) {
                readHubs(node);
            } else if (key.equals(FileKeys.DEFAULTS)) {
                if (isSection(node, FileKeys.DEFAULTS, "linger: 30s")) {
                    readSection(node, FileKeys.DEFAULTS, hubKeys, defaults, false);
                }
            } else if (serverKeys.containsKey(key)) {
                readValue(serverKeys.get(key), node, key, server);
            } else if (hubKeys.containsKey(key) || key.equals(FileKeys.UPSTREAM)) {
                errors.add(key + ": '" + key + "' belongs to a hub: put it under 'defaults:' (every hub) or under "
                        + "'hubs: NAME:' (one hub)");
            } else {
                unknown(key, key, known(serverKeys, FileKeys.HUBS, FileKeys.DEFAULTS));
            }
        }
    }

    private void readHubs(JsonNode node) {
        if (!isSection(node, FileKeys.HUBS, "prices: {upstream: ws://127.0.0.1:9001/prices}")) {
            return;
        }
        if (node.isEmpty()) {
            errors.add("hubs: no hub is listed: add one, e.g. 'hubs: {prices: {upstream: ws://127.0.0.1:9001/prices}}'");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String path = FileKeys.HUBS + "." + name;
            try {
                HubNames.check(name);
            } catch (IllegalArgumentException e) {
                errors.add(path + ": " + e.getMessage());
                continue;
            }
            if (!isSection(field.getValue(), path, "upstream: ws://127.0.0.1:9001/feed")) {
                continue;
            }
            Map<String, List<Value>> values = new LinkedHashMap<>();
            Value upstream = readSection(field.getValue(), path, hubKeys, values, true);
            if (upstream == null && !field.getValue().has(FileKeys.UPSTREAM)) {
                errors.add(path + ".upstream: hub '" + name + "' has no upstream: add 'upstream: URI', e.g. "
                        + "ws://127.0.0.1:9001/feed");
            }
            hubs.add(new Hub(name, upstream, values));
        }
    }

    /** Reads the keys of a section; returns its {@code upstream} when {@code withUpstream}. */
    private Value readSection(JsonNode node, String path, Map<String, OptionSpec> keys, Map<String, List<Value>> into,
                              boolean withUpstream) {
        Value upstream = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String keyPath = path + "." + key;
            if (withUpstream && key.equals(FileKeys.UPSTREAM)) {
                upstream = scalar(field.getValue(), keyPath, "ws://127.0.0.1:9001/feed");
            } else if (keys.containsKey(key)) {
                readValue(keys.get(key), field.getValue(), keyPath, into);
            } else if (serverKeys.containsKey(key)) {
                errors.add(keyPath + ": '" + key + "' is a server-wide key: move it to the top of the file, "
                        + "outside 'hubs:' and 'defaults:'");
            } else {
                unknown(keyPath, key, withUpstream ? known(keys, FileKeys.UPSTREAM) : known(keys));
            }
        }
        return upstream;
    }

    private void readValue(OptionSpec option, JsonNode node, String path, Map<String, List<Value>> into) {
        List<Value> values = new ArrayList<>();
        boolean headers = option.longestName().equals(HubSettingKey.HEADERS.flag());
        boolean levels = option.longestName().equals(LoggerLevels.FLAG);
        if (headers || levels) {
            if (!node.isObject()) {
                errors.add(path + (headers
                        ? ": write the headers as 'NAME: VALUE' lines under it, e.g. 'X-Api-Key: ${API_KEY}'; got "
                        : ": write the levels as 'LOGGER: LEVEL' lines under it, e.g. 'io.undertow: warn'; got ")
                        + kind(node));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                String entryPath = path + "." + header.getKey();
                // YAML 1.1 reads an unquoted off as false; as a level it can only mean off.
                Value value = levels && header.getValue().isBoolean() && !header.getValue().booleanValue()
                        ? new Value(entryPath, "off", "off")
                        : scalar(header.getValue(), entryPath, headers ? "${API_KEY}" : "warn");
                if (value != null) {
                    values.add(new Value(value.path(), header.getKey() + "=" + value.text(),
                            header.getKey() + "=" + value.written()));
                }
            }
        } else if (option.isMultiValue()) {
            List<JsonNode> items = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(items::add);
            } else {
                items.add(node);
            }
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String itemPath = node.isArray() ? path + "[" + i + "]" : path;
                // An on-connect message may be written as YAML; it is sent as its JSON text.
                Value value = item.isContainerNode() && option.longestName().equals(HubSettingKey.ON_CONNECT.flag())
                        ? json(item, itemPath) : scalar(item, itemPath, example(option));
                if (value != null) {
                    values.add(value);
                }
            }
        } else {
            Value value = scalar(node, path, example(option));
            if (value == null) {
                return;
            }
            values.add(value);
        }
        into.put(option.longestName(), values);
    }

    /** A single value: a string, a number or a boolean, with variables replaced; null after an error. */
    private Value scalar(JsonNode node, String path, String example) {
        if (node == null || node.isNull()) {
            errors.add(path + ": no value: write one, e.g. '" + lastKey(path) + ": " + example + "', or delete the key");
            return null;
        }
        if (!node.isValueNode()) {
            errors.add(path + ": expected one value, e.g. '" + lastKey(path) + ": " + example + "', got " + kind(node));
            return null;
        }
        String written = node.asText();
        try {
            return new Value(path, EnvSubstitution.apply(written, env, path), written);
        } catch (UsageException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private Value json(JsonNode node, String path) {
        String written = node.toString();
        try {
            return new Value(path, EnvSubstitution.apply(written, env, path), written);
        } catch (UsageException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private boolean isSection(JsonNode node, String path, String example) {
        if (node != null && node.isObject()) {
            return true;
        }
        errors.add(path + ": expected keys under it, e.g. '" + path + ": {" + example + "}', got " + kind(node));
        return false;
    }

    private void unknown(String path, String key, TreeSet<String> known) {
        errors.add(path + ": unknown key '" + key + "': did you mean '" + ClosestKey.to(key, known) + "'? Keys here: "
                + String.join(", ", known));
    }

    private static TreeSet<String> known(Map<String, OptionSpec> keys, String... more) {
        TreeSet<String> known = new TreeSet<>(keys.keySet());
        known.addAll(List.of(more));
        return known;
    }

    private static String example(OptionSpec option) {
        String shown = option.defaultValueString();
        return shown == null || shown.isBlank() || shown.equals("null") ? option.paramLabel() : shown;
    }

    private static String lastKey(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return last.replaceAll("\\[\\d+]$", "");
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing";
        }
        return node.isArray() ? "a list" : node.isObject() ? "a map of keys" : "the value '" + node.asText() + "'";
    }
}
