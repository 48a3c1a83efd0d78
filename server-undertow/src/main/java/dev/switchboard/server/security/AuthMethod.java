package dev.switchboard.server.security;

import dev.switchboard.api.auth.Authenticator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the clients of a hub authenticate, before the hub's name is known: a JWT's audience is the
 * hub, so each hub gets its own {@link Authenticator} from {@link #forHub}. Built with the static
 * factories; {@link #none()} is the default.
 */
public final class AuthMethod {

    /** The default clock skew a JWT's {@code exp} and {@code nbf} are allowed. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    private static final AuthMethod NONE = new AuthMethod("none (every client is let in)", hub -> Authenticator.ALLOW_ALL);

    private final String description;
    private final Function<String, Authenticator> factory;

    private AuthMethod(String description, Function<String, Authenticator> factory) {
        this.description = description;
        this.factory = factory;
    }

    /** Every client is let in. The same instance every time, so configurations without authentication compare equal. */
    public static AuthMethod none() {
        return NONE;
    }

    /** Clients present this static token; checked now, so a short one fails at start. */
    public static AuthMethod bearer(String token, String cookie) {
        TokenLocator locator = new TokenLocator(cookie);
        Authenticator authenticator = new BearerTokenAuthenticator(token, locator);
        return new AuthMethod("static bearer token", hub -> authenticator);
    }

    /** Clients present a JWT signed with HS256 under {@code secret}, with {@code aud} naming the hub. */
    public static AuthMethod jwtSecret(String secret, String cookie, Duration clockSkew, Clock clock) {
        TokenLocator locator = new TokenLocator(cookie);
        JwtAuthenticator.hs256(secret, "check", locator, clockSkew, clock); // fails now on a bad secret
        return new AuthMethod("JWT (HS256), aud = hub name, clock skew " + clockSkew.toSeconds() + "s",
                hub -> JwtAuthenticator.hs256(secret, hub, locator, clockSkew, clock));
    }

    /** Clients present a JWT signed with RS256 or ES256 by a key of the JWKS file, with {@code aud} naming the hub. */
    public static AuthMethod jwks(Path file, String cookie, Duration clockSkew, Clock clock) {
        TokenLocator locator = new TokenLocator(cookie);
        JwtAuthenticator.jwks(file, "check", locator, clockSkew, clock); // fails now on a bad file
        return new AuthMethod("JWT (RS256/ES256, keys from " + file + "), aud = hub name, clock skew "
                + clockSkew.toSeconds() + "s", hub -> JwtAuthenticator.jwks(file, hub, locator, clockSkew, clock));
    }

    /** An authenticator of the embedding application's own, the same for every hub. */
    public static AuthMethod custom(Authenticator authenticator, String description) {
        Objects.requireNonNull(authenticator, "authenticator");
        return new AuthMethod(description, hub -> authenticator);
    }

    /** The authenticator of hub {@code hub}. */
    public Authenticator forHub(String hub) {
        return factory.apply(hub);
    }

    /** What this method checks, for the start-up line. */
    public String describe() {
        return description;
    }

    /** Whether clients are let in without a credential. */
    public boolean isNone() {
        return this == NONE;
    }

    @Override
    public String toString() {
        return description;
    }
}
