package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.config.HubSettingKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of the command line has a place in the configuration file, and
 * {@code docs/operations.md}'s key reference lists exactly those keys with the model's defaults, so
 * neither a new flag nor a new hub setting can be forgotten in the file or in the docs.
 */
class FileKeysTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][a-z0-9-]*)` \\| (server|hub) \\|([^|]*)\\|");

    private final CommandSpec spec = new CommandLine(new CliOptions()).getCommandSpec();

    @TempDir
    Path dir;

    @Test
    void everyOptionHasAFileKeyOrIsListedAsTheCommandsOwn() {
        for (OptionSpec option : spec.options()) {
            assertThat(FileKeys.scopeOf(option)).as(option.longestName() + " has no place in the configuration file: "
                    + "add it to a list in FileKeys (a hub setting gets one from HubSettingKey by itself)").isPresent();
        }
    }

    @Test
    void everyHubSettingIsAHubKeyNamedAfterTheModel() {
        for (HubSettingKey key : HubSettingKey.values()) {
            OptionSpec option = spec.findOption(key.flag());
            assertThat(FileKeys.scopeOf(option)).as(key.key()).contains(FileKeys.Scope.HUB);
            assertThat(FileKeys.keyOf(option)).isEqualTo(key.key());
        }
        assertThat(FileKeys.envOf(spec.findOption("--replay-age"))).isEqualTo("SWITCHBOARD_REPLAY_AGE");
    }

    /** Each key written with its own default, at the top or in defaults:, is read without an error. */
    @Test
    void aFileWithEveryKeyAtItsDefaultIsValid() throws IOException {
        StringBuilder server = new StringBuilder();
        StringBuilder defaults = new StringBuilder("defaults:\n");
        for (OptionSpec option : spec.options()) {
            String shown = defaultText(option);
            FileKeys.Scope scope = FileKeys.scopeOf(option).orElseThrow();
            if (shown.isEmpty() || scope == FileKeys.Scope.NONE || option.longestName().equals("--listen")) {
                continue;
            }
            String line = FileKeys.keyOf(option) + ": '" + shown + "'\n";
            if (scope == FileKeys.Scope.SERVER) {
                server.append(line);
            } else {
                defaults.append("  ").append(line);
            }
        }
        Path file = dir.resolve("all.yaml");
        Files.writeString(file, server + "listen: 127.0.0.1:0\n" + defaults
                + "hubs:\n  a:\n    upstream: ws://127.0.0.1:9001/a\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.launch(new String[] {"--check-config", file.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true), Map.of()).exitCode();

        assertThat(code).as(Files.readString(file) + err).isEqualTo(ExitCodes.OK);
        for (HubSettingKey key : HubSettingKey.values()) {
            if (!key.repeatable()) {
                assertThat(out.toString()).contains("    " + key.key() + ": ");
            }
        }
    }

    @Test
    void theOperationsGuideListsEveryKeyWithItsDefault() throws IOException {
        Map<String, String[]> documented = new LinkedHashMap<>();
        Path guide = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/operations.md");
        for (String line : Files.readAllLines(guide)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                documented.put(row.group(1), new String[] {row.group(2), row.group(3).strip()});
            }
        }
        Map<String, String[]> expected = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            FileKeys.Scope scope = FileKeys.scopeOf(option).orElseThrow();
            if (scope != FileKeys.Scope.NONE) {
                String shown = defaultText(option);
                expected.put(FileKeys.keyOf(option), new String[] {scope == FileKeys.Scope.SERVER ? "server" : "hub",
                        shown.isEmpty() ? "" : "`" + shown + "`"});
            }
        }
        expected.put(FileKeys.UPSTREAM, new String[] {"hub", ""});

        assertThat(documented.keySet()).as("the keys of docs/operations.md's reference")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, String[]> key : expected.entrySet()) {
            assertThat(documented.get(key.getKey())).as("scope and default of " + key.getKey())
                    .containsExactly(key.getValue());
        }
    }

    /** The default as a user writes it: the model's for a hub setting, the option's own otherwise; "" for none. */
    private static String defaultText(OptionSpec option) {
        if (Set.of("--help", "--version").contains(option.longestName()) || option.isMultiValue()) {
            return "";
        }
        String shown = option.defaultValueString();
        return shown == null || shown.equals("null") ? "" : shown;
    }
}
