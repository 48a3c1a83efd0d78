package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.config.HubSettingKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Pins every documented default to {@link dev.switchboard.api.config.HubSettings}: the README's
 * option table and {@code --help} must show what the settings type holds, for every key.
 */
class DocumentedDefaultsTest {

    private static final Pattern FLAG = Pattern.compile("--[a-z][a-z-]*");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @Test
    void theReadmeTableShowsEveryHubSettingWithItsDefault() throws IOException {
        Map<String, String> table = readmeDefaults();

        for (HubSettingKey key : HubSettingKey.values()) {
            assertThat(table).as("README row for " + key.flag()).containsKey(key.flag());
            assertThat(table.get(key.flag())).as("README default of " + key.flag()).isEqualTo(key.defaultText());
        }
    }

    @Test
    void everyOptionInTheReadmeTableExistsOnTheCommandLine() throws IOException {
        CommandSpec spec = new CommandLine(new CliOptions()).getCommandSpec();

        for (String flag : readmeDefaults().keySet()) {
            assertThat(spec.findOption(flag)).as(flag + " in the README is an option").isNotNull();
        }
    }

    @Test
    void helpShowsEveryHubSettingWithTheDefaultOfTheSettingsType() {
        CommandLine command = new CommandLine(new CliOptions());
        CommandSpec spec = command.getCommandSpec();
        StringWriter usage = new StringWriter();
        command.usage(new PrintWriter(usage));
        String help = usage.toString().replaceAll("\\s+", " ");

        for (HubSettingKey key : HubSettingKey.values()) {
            OptionSpec option = spec.findOption(key.flag());
            assertThat(option).as("the command line has " + key.flag()).isNotNull();
            assertThat(option.defaultValue()).as(key.flag() + " has no default of its own").isNull();
            if (!key.repeatable()) {
                assertThat(option.defaultValueString()).as(key.flag()).isEqualTo(key.defaultText());
                // A setting that is unset by default (an optional file) says so in words.
                String shown = key.defaultText().isEmpty() ? "none" : key.defaultText();
                assertThat(String.join(" ", option.description())).as(key.flag())
                        .contains("Default: " + shown + ".");
                assertThat(help).as("--help shows the default of " + key.flag())
                        .contains("Default: " + shown + ".");
            }
        }
    }

    /** The README's option table: each option flag to its default ("" where none is shown). */
    private static Map<String, String> readmeDefaults() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : Files.readAllLines(readme)) {
            if (!line.startsWith("| `--")) {
                continue;
            }
            String[] cells = line.replace("\\|", "/").split("\\|");
            List<String> flags = all(FLAG, cells[1], 0);
            List<String> shown = all(CODE, cells[2], 1);
            for (int i = 0; i < flags.size(); i++) {
                defaults.put(flags.get(i), i < shown.size() ? shown.get(i) : "");
            }
        }
        assertThat(defaults).as("the README has an option table").isNotEmpty();
        return defaults;
    }

    private static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }
}
