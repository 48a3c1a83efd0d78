package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-logger levels: {@code log-levels:} in a file, {@code --log-level-for} on the command line and
 * {@code SWITCHBOARD_LOG_LEVEL_FOR} in the environment; read, checked with the key path of each bad
 * entry, shown by {@code --check-config}, and applied to a Logback context. The process test is
 * {@code ConfigFileJarIT}'s.
 */
class LoggerLevelsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theFileMapIsShownByCheckConfigInTheFormItIsWritten() throws IOException {
        int code = check(file("""
                log-levels:
                  io.undertow: debug
                  dev.switchboard.hub: TRACE
                  okhttp3: off
                hubs:
                  a: {upstream: ws://127.0.0.1:9001/a}
                """), Map.of());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("log-levels:\n  io.undertow: debug\n  dev.switchboard.hub: trace\n  okhttp3: \"off\"");
    }

    @Test
    void everyBadEntryIsNamedByItsKeyPathWithTheAllowedLevels() throws IOException {
        int code = check(file("""
                log-levels:
                  io.undertow: loud
                  root: debug
                  "io..bad": warn
                  dev.switchboard: [warn]
                hubs:
                  a: {upstream: ws://127.0.0.1:9001/a}
                """), Map.of());

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().lines().skip(1).toList()).containsExactlyInAnyOrder(
                "log-levels.dev.switchboard: expected one value, e.g. 'switchboard: warn', got a list",
                "log-levels.io.undertow: invalid level 'loud': write off, error, warn, info, debug or trace",
                "log-levels.root: the root logger's level is log-level; name a logger below it here, e.g. io.undertow",
                "log-levels.io..bad: invalid logger name 'io..bad': write a package or class name, e.g. io.undertow "
                        + "or dev.switchboard.hub");
    }

    @Test
    void aListWhereTheMapBelongsSaysHowToWriteIt() throws IOException {
        check(file("""
                log-levels: [io.undertow=warn]
                hubs:
                  a: {upstream: ws://127.0.0.1:9001/a}
                """), Map.of());

        assertThat(err.toString()).contains("log-levels: write the levels as 'LOGGER: LEVEL' lines under it, "
                + "e.g. 'io.undertow: warn'; got a list");
    }

    @Test
    void theCommandLineReplacesTheFilesLevelsAndNamesItsOwnBadEntry() throws IOException {
        Path file = file("""
                log-levels: {io.undertow: debug}
                hubs:
                  a: {upstream: ws://127.0.0.1:9001/a}
                """);

        assertThat(check(file, Map.of(), "--log-level-for", "dev.switchboard=warn")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("log-levels:\n  dev.switchboard: warn\n").doesNotContain("io.undertow");

        assertThat(check(file, Map.of(), "--log-level-for", "io.undertow")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--log-level-for 'io.undertow': write LOGGER=LEVEL, e.g. io.undertow=warn");
    }

    @Test
    void theEnvironmentGivesOneEntryALine() throws IOException {
        Path file = file("hubs:\n  a: {upstream: ws://127.0.0.1:9001/a}\n");

        int code = check(file, Map.of("SWITCHBOARD_LOG_LEVEL_FOR", "io.undertow=info\nokhttp3=nope\n"));

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("SWITCHBOARD_LOG_LEVEL_FOR 'okhttp3=nope': invalid level 'nope'");
    }

    @Test
    void aLoggerGivenTwiceOnTheCommandLineIsAnError() {
        OptionSource twice = new OptionSource("--log-level-for", List.of("a.b=warn", "a.b=debug"),
                List.of("a.b=warn", "a.b=debug"), false);

        assertThat(LoggerLevels.errors(twice))
                .containsExactly("--log-level-for 'a.b=debug': logger 'a.b' is given a level twice: keep one");
    }

    @Test
    void appliedLevelsOverrideTheRootAndTheBuiltInOnesForTheLoggerAndBelow() {
        LoggerContext context = new LoggerContext();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        context.getLogger("io.undertow").setLevel(Level.WARN);

        LoggerLevels.applyTo(context, LoggerLevels.read(List.of("io.undertow=debug", "dev.switchboard.hub=off")));

        assertThat(context.getLogger("io.undertow.request").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("dev.switchboard.hub.Fanout").isErrorEnabled()).isFalse();
        assertThat(context.getLogger("dev.switchboard.server").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private int check(Path file, Map<String, String> env, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] all = new String[args.length + 2];
        all[0] = "--check-config";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.launch(all, new PrintWriter(out, true), new PrintWriter(err, true), env).exitCode();
    }
}
