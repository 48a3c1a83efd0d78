package dev.switchboard.server.cli;

import dev.switchboard.api.config.Durations;
import dev.switchboard.api.config.Sizes;
import dev.switchboard.server.security.AuthMethod;
import dev.switchboard.server.security.HubAccess;
import dev.switchboard.server.security.OriginPolicy;
import dev.switchboard.server.security.SecurityConfig;
import dev.switchboard.server.security.SendRate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Turns the security options into a {@link SecurityConfig}, naming the option in every error.
 * Secrets come from the environment ({@code env}), never from the arguments.
 */
final class SecurityReader {

    private SecurityReader() {
    }

    static SecurityConfig read(CliOptions options, Map<String, String> env) {
        OriginPolicy origins;
        try {
            origins = OriginPolicy.of(options.allowOrigins, options.requireOrigin);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--allow-origin: " + e.getMessage());
        }
        SendRate rate;
        try {
            rate = new SendRate(count(options.sendRate, "--send-rate", 0, "1000"),
                    bytes(options.sendBytesRate, "--send-bytes-rate"),
                    SendRate.Policy.parse(options.ratePolicy));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rate-policy: " + e.getMessage());
        }
        HubAccess access = new HubAccess(origins, auth(options, env), rate);
        SecurityConfig.Builder security = SecurityConfig.builder().hubs(access)
                .maxPortsPerAddress((int) Math.min(Integer.MAX_VALUE, count(options.maxPortsPerAddress, "--max-ports-per-address", 1, "256")))
                .timeouts(positive(options.handshakeTimeout, "--handshake-timeout"),
                        positive(options.idleTimeout, "--idle-timeout"));
        if ((options.tlsCert == null) != (options.tlsKey == null)) {
            throw new UsageException("--tls-cert and --tls-key go together: give both PEM files, or neither for plain http");
        }
        if (options.tlsCert != null) {
            security.tls(new SecurityConfig.TlsFiles(readable(options.tlsCert, "--tls-cert"),
                    readable(options.tlsKey, "--tls-key")));
        }
        return security.build();
    }

    private static AuthMethod auth(CliOptions options, Map<String, String> env) {
        String cookie = options.authCookie == null || options.authCookie.isBlank() ? null : options.authCookie.strip();
        try {
            return switch (options.auth == null ? "" : options.auth.strip()) {
                case "none" -> AuthMethod.none();
                case "bearer" -> AuthMethod.bearer(secret(env, options.authTokenEnv, "--auth bearer", "--auth-token-env"), cookie);
                case "jwt" -> {
                    Duration skew = duration(options.jwtClockSkew, "--jwt-clock-skew");
                    yield options.jwtJwks != null
                            ? AuthMethod.jwks(readable(options.jwtJwks, "--jwt-jwks"), cookie, skew, Clock.systemUTC())
                            : AuthMethod.jwtSecret(secret(env, options.jwtSecretEnv, "--auth jwt", "--jwt-secret-env"),
                                    cookie, skew, Clock.systemUTC());
                }
                default -> throw new UsageException("invalid --auth '" + options.auth + "': write none, bearer or jwt");
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException("--auth " + options.auth + ": " + e.getMessage());
        }
    }

    private static long count(String text, String option, int min, String example) {
        try {
            long value = Long.parseLong(text == null ? "" : text.strip());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("invalid " + option + " '" + text + "': write a whole number of at least " + min
                + ", e.g. " + example);
    }

    /** A size per second, read like every byte-valued setting (e.g. 16MiB); zero or more. */
    private static long bytes(String text, String option) {
        long value;
        try {
            value = Sizes.parse(text, option);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (value < 0) {
            throw new UsageException("invalid " + option + " '" + text + "': it cannot be negative; " + Sizes.HOW);
        }
        return value;
    }

    private static Duration duration(String text, String option) {
        try {
            return Durations.parse(text, option);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Duration positive(String text, String option) {
        Duration value = duration(text, option);
        if (value.isZero()) {
            throw new UsageException("invalid " + option + " '" + text + "': it must be longer than zero; " + Durations.HOW);
        }
        return value;
    }

    private static String secret(Map<String, String> env, String variable, String mode, String option) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new UsageException(mode + " reads its secret from the environment variable " + variable
                    + ", which is not set: export " + variable + "=... before starting (or name another with " + option + ")");
        }
        return value;
    }

    private static Path readable(String file, String option) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new UsageException(option + " " + file + " cannot be read: give the path of a readable file");
        }
        return path;
    }
}
