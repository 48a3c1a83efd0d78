package dev.switchboard.server.cli;

import dev.switchboard.api.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options of the server process itself, beside the hubs' settings: how it logs and how long
 * it may take to stop.
 */
final class ProcessOptions {

    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "On SIGTERM, how long the server may take to write what is queued for clients before it "
                    + "closes them anyway; a second SIGTERM stops at once. Default: ${DEFAULT-VALUE}.")
    String drainTimeout;

    @Option(names = "--drain-accept-grace", paramLabel = "DURATION", defaultValue = "0s",
            description = "On SIGTERM, how long the listener keeps accepting new connections (answering /readyz with "
                    + "503 and refusing new clients with 1013 or an empty SSE stream) before it closes, so that a load "
                    + "balancer sees the 503 before connections are refused; 0s closes it at once. "
                    + "Default: ${DEFAULT-VALUE}.")
    String drainAcceptGrace;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "One line per event on stdout: readable text, or one JSON object per line. Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "The least severe events logged: error, warn, info, debug or trace. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Option(names = "--log-level-for", paramLabel = "LOGGER=LEVEL",
            description = "The level of one logger and those below it, over --log-level, e.g. io.undertow=debug or "
                    + "dev.switchboard.hub=debug; off silences it; repeat for more. In a file: 'log-levels:' as a map. "
                    + "Default: none.")
    List<String> logLevelsFor = new ArrayList<>();

    /** The checked drain timeout. */
    Duration drainTimeout() {
        try {
            return Durations.parse(drainTimeout, "--drain-timeout");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The checked accept grace of a drain. */
    Duration drainAcceptGrace() {
        try {
            return Durations.parse(drainAcceptGrace, "--drain-accept-grace");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The checked log format: {@code text} or {@code json}. */
    String logFormat() {
        String format = logFormat.toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("invalid --log-format '" + logFormat + "': write text or json");
        }
        return format;
    }

    /** The per-logger levels, checked by {@link FileConfigReader}, by logger name. */
    Map<String, String> logLevelsFor() {
        return LoggerLevels.read(logLevelsFor);
    }

    /** The checked log level, in lower case. */
    String logLevel() {
        String level = logLevel.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new UsageException("invalid --log-level '" + logLevel + "': write error, warn, info, debug or trace");
        }
        return level;
    }
}
