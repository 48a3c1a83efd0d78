package dev.switchboard.server.cli;

import dev.switchboard.api.config.HubSettingKey;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where each command-line option lives in a configuration file ({@code --config FILE}) and in the
 * environment ({@code SWITCHBOARD_*}). A hub setting's key is its {@link HubSettingKey#key()}, so a
 * new setting gets its file key and its variable with no entry here; every other option's key is
 * its name without {@code --}, and its scope is listed below, because whether it belongs to one
 * hub or to the whole server cannot be guessed. {@code FileKeysTest} fails for an option that is
 * in no list, so a new flag cannot be left out of the file.
 */
final class FileKeys {

    /** Where a key may be written. */
    enum Scope {
        /** At the top of the file: the listener, TLS, limits over all hubs, the process. */
        SERVER,
        /** In {@code defaults:} (every hub) or under {@code hubs.NAME}: a hub setting or an access rule. */
        HUB,
        /** Not a key: the hubs themselves ({@code hubs.NAME.upstream}), or the command's own options. */
        NONE
    }

    /** The key of each hub's upstream, under {@code hubs.NAME}. */
    static final String UPSTREAM = "upstream";
    /** The section of server-wide hub defaults. */
    static final String DEFAULTS = "defaults";
    /** The section of named hubs. */
    static final String HUBS = "hubs";
    /** Every environment variable of an option starts with this. */
    static final String ENV_PREFIX = "SWITCHBOARD_";

    /** Access rules (docs/security.md): per hub in a file, for every hub on the command line. */
    private static final Set<String> ACCESS = Set.of("--allow-origin", "--require-origin", "--auth", "--auth-token-env",
            "--jwt-secret-env", "--jwt-jwks", "--jwt-clock-skew", "--auth-cookie", "--send-rate", "--send-bytes-rate",
            "--rate-policy");

    private static final Set<String> SERVER = Set.of("--listen", "--plugins", "--max-ports-per-address",
            "--handshake-timeout", "--idle-timeout", "--tls-cert", "--tls-key", "--demo", "--drain-timeout", "--drain-accept-grace",
            "--log-format", "--log-level", LoggerLevels.FLAG, "--cluster", "--cluster-lease", "--cluster-tick",
            "--io-threads",
            // Headers from a file or the environment go to every hub, as on the command line; in a file,
            // a hub's own headers are its `headers:` map, with ${VAR} for the secrets.
            "--header-file", "--header-env");

    /** Hubs are written as {@code hubs.NAME.upstream}; the rest is about the command, not the server. */
    private static final Set<String> NOT_KEYS = Set.of("--upstream", "--hub", "--config", "--check-config", "--help",
            "--version");

    private FileKeys() {
    }

    /** The scope of {@code option}, or empty for an option no list names (a defect {@code FileKeysTest} reports). */
    static Optional<Scope> scopeOf(OptionSpec option) {
        String flag = option.longestName();
        if (HubSettingDefaults.keyOf(option).isPresent() || ACCESS.contains(flag)) {
            return Optional.of(Scope.HUB);
        }
        if (SERVER.contains(flag)) {
            return Optional.of(Scope.SERVER);
        }
        return NOT_KEYS.contains(flag) ? Optional.of(Scope.NONE) : Optional.empty();
    }

    /** The key of {@code --log-level-for}: in a file the levels are one map, {@code log-levels: {LOGGER: LEVEL}}. */
    static final String LOG_LEVELS = "log-levels";

    /** The file key of {@code option}: its hub setting's key, {@link #LOG_LEVELS}, or its name without {@code --}. */
    static String keyOf(OptionSpec option) {
        if (option.longestName().equals(LoggerLevels.FLAG)) {
            return LOG_LEVELS;
        }
        return HubSettingDefaults.keyOf(option).map(HubSettingKey::key).orElse(option.longestName().substring(2));
    }

    /** The environment variable of {@code option}, e.g. {@code SWITCHBOARD_REPLAY_AGE} for {@code --replay-age}. */
    static String envOf(OptionSpec option) {
        return ENV_PREFIX + option.longestName().substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Whether {@code SWITCHBOARD_*} may set the option: every one but the command's own. */
    static boolean hasVariable(OptionSpec option) {
        return scopeOf(option).orElse(Scope.NONE) != Scope.NONE || option.longestName().equals("--upstream")
                || option.longestName().equals("--hub");
    }

    /** Whether the option is a hub setting or an access rule. */
    static boolean isHubScope(OptionSpec option) {
        return scopeOf(option).orElse(Scope.NONE) == Scope.HUB;
    }

    /** Whether the option is a server-wide key. */
    static boolean isServerScope(OptionSpec option) {
        return scopeOf(option).orElse(Scope.NONE) == Scope.SERVER;
    }
}
