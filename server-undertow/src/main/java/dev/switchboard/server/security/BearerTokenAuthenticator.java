package dev.switchboard.server.security;

import dev.switchboard.api.auth.AuthDecision;
import dev.switchboard.api.auth.Authenticator;
import dev.switchboard.api.auth.HandshakeRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Lets in a client that presents one static token (found by a {@link TokenLocator}). The token
 * comes from an environment variable, never from the command line, where every user of the
 * machine could read it in the process list. Compared in constant time.
 */
public final class BearerTokenAuthenticator implements Authenticator {

    /** The shortest token accepted: shorter ones are guessable. */
    static final int MIN_LENGTH = 16;

    private final byte[] token;
    private final TokenLocator locator;

    /**
     * @throws IllegalArgumentException when the token is shorter than 16 characters
     */
    public BearerTokenAuthenticator(String token, TokenLocator locator) {
        Objects.requireNonNull(token, "token");
        if (token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the bearer token is " + token.strip().length() + " characters long: use at least "
                    + MIN_LENGTH + " random characters, e.g. the output of 'openssl rand -hex 32'");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
        this.locator = locator;
    }

    @Override
    public AuthDecision authenticate(HandshakeRequest request) {
        return locator.find(request)
                .map(given -> MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))
                        ? AuthDecision.allow("bearer")
                        : AuthDecision.deny("the token is wrong"))
                .orElseGet(() -> AuthDecision.deny("this hub requires a token: " + locator.places()));
    }
}
