package dev.switchboard.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Per-logger levels: {@code log-levels: {io.undertow: debug}} in a configuration file,
 * {@code --log-level-for io.undertow=debug} on the command line. Each sets one logger and those
 * below it (a package sets its classes), over {@code --log-level}, which is the root's, and over the
 * built-in quieter levels of Undertow, XNIO and OkHttp. Written {@code LOGGER=LEVEL} here, the way
 * the option takes it and the way {@link ConfigFile} hands a file's map on.
 */
final class LoggerLevels {

    /** The option; its file key is {@code log-levels} ({@link FileKeys}). */
    static final String FLAG = "--log-level-for";
    /** The levels a logger may be given: {@code off} silences it. */
    static final List<String> LEVELS = List.of("off", "error", "warn", "info", "debug", "trace");

    /** A Java package or class name: dot-separated identifiers; {@code $} for a nested class. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*(\\.[A-Za-z_$][A-Za-z0-9_$-]*)*");

    private LoggerLevels() {
    }

    /**
     * Every problem of {@code source}'s entries, each naming where it came from: the key path
     * {@code log-levels.LOGGER} for a file, the option or the variable with the entry otherwise.
     */
    static List<String> errors(OptionSource source) {
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String text : source.texts()) {
            int equals = text.indexOf('=');
            String where = source.label() + " '" + text + "'";
            if (equals < 0) {
                errors.add(where + ": write LOGGER=LEVEL, e.g. io.undertow=warn");
                continue;
            }
            String logger = text.substring(0, equals).strip();
            String level = text.substring(equals + 1).strip();
            if (source.fromFile()) {
                where = source.label() + "." + logger;
            }
            boolean repeated = !seen.add(logger);
            if (logger.equalsIgnoreCase("root")) {
                errors.add(where + ": the root logger's level is " + (source.fromFile() ? "log-level" : "--log-level")
                        + "; name a logger below it here, e.g. io.undertow");
            } else if (!NAME.matcher(logger).matches()) {
                errors.add(where + ": invalid logger name '" + logger + "': write a package or class name, e.g. "
                        + "io.undertow or dev.switchboard.hub");
            } else if (!LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
                errors.add(where + ": invalid level '" + level + "': write " + String.join(", ", LEVELS.subList(0, 5))
                        + " or " + LEVELS.get(5));
            } else if (repeated) {
                errors.add(where + ": logger '" + logger + "' is given a level twice: keep one");
            }
        }
        return errors;
    }

    /** The checked entries ({@link #errors} found none), by logger name, levels in lower case. */
    static Map<String, String> read(List<String> texts) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (String text : texts) {
            int equals = text.indexOf('=');
            levels.put(text.substring(0, equals).strip(), text.substring(equals + 1).strip().toLowerCase(Locale.ROOT));
        }
        return levels;
    }

    /** Sets each logger's level in {@code context}, after its configuration was read. */
    static void applyTo(LoggerContext context, Map<String, String> levels) {
        levels.forEach((logger, level) -> context.getLogger(logger).setLevel(Level.toLevel(level)));
    }
}
