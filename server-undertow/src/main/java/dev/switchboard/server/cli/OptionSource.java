package dev.switchboard.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Where one option's value comes from, in the order that wins: the command line, then its
 * {@code SWITCHBOARD_*} environment variable, then the configuration file, then the default.
 *
 * @param label   what an error names: {@code --linger}, {@code SWITCHBOARD_LINGER} or a key path such
 *                as {@code hubs.prices.linger}
 * @param texts   the value as text, one item per value of a repeatable option
 * @param written the texts as written in the file, before {@code ${VAR}} was replaced ({@link #texts} elsewhere)
 * @param fromFile whether the value came from the configuration file
 */
record OptionSource(String label, List<String> texts, List<String> written, boolean fromFile) {

    /** The value given on the command line, or null when the option was not given there. */
    static OptionSource commandLine(OptionSpec option, ParseResult parsed) {
        if (parsed == null || !parsed.hasMatchedOption(option.longestName())) {
            return null;
        }
        List<String> texts = texts(option.getValue());
        return new OptionSource(option.longestName(), texts, texts, false);
    }

    /** The value of the option's environment variable, or null when it is not set; a repeatable option takes one item per line. */
    static OptionSource environment(OptionSpec option, Map<String, String> env) {
        String variable = FileKeys.envOf(option);
        String value = env.get(variable);
        if (value == null || !FileKeys.hasVariable(option)) {
            return null;
        }
        List<String> texts = option.isMultiValue() ? value.lines().filter(line -> !line.isBlank()).toList() : List.of(value);
        return new OptionSource(variable, texts, texts, false);
    }

    /**
     * The values of the file, or null when the file has none.
     *
     * @param section where they are: empty for the top of the file, {@code defaults} or {@code hubs.NAME}
     */
    static OptionSource file(OptionSpec option, String section, List<ConfigFile.Value> values) {
        if (values == null) {
            return null;
        }
        String label = (section.isEmpty() ? "" : section + ".") + FileKeys.keyOf(option);
        return new OptionSource(label, values.stream().map(ConfigFile.Value::text).toList(),
                values.stream().map(ConfigFile.Value::written).toList(), true);
    }

    /** The first of {@code sources} that is not null, or null. */
    static OptionSource first(OptionSource... sources) {
        for (OptionSource source : sources) {
            if (source != null) {
                return source;
            }
        }
        return null;
    }

    /**
     * Sets {@code option} to this value, typed as the option is.
     *
     * @throws UsageException naming the label when a boolean is neither true nor false
     */
    void applyTo(OptionSpec option) {
        Class<?> type = option.type();
        if (option.isMultiValue()) {
            option.setValue(new ArrayList<>(texts));
        } else if (type == boolean.class || type == Boolean.class) {
            String text = texts.isEmpty() ? "true" : texts.get(0).strip();
            if (!text.equals("true") && !text.equals("false")) {
                throw new UsageException(label + ": invalid value '" + texts.get(0) + "': write true or false");
            }
            option.setValue(Boolean.parseBoolean(text));
        } else {
            option.setValue(texts.isEmpty() ? null : texts.get(0));
        }
    }

    private static List<String> texts(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
