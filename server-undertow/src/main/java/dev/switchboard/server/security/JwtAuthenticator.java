package dev.switchboard.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.switchboard.api.auth.AuthDecision;
import dev.switchboard.api.auth.Authenticator;
import dev.switchboard.api.auth.HandshakeRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * Lets in a client that presents a signed JSON Web Token (found by a {@link TokenLocator}),
 * verified with nimbus-jose-jwt: the signature (HS256 with a shared secret, or RS256/ES256 with
 * the public keys of a JWKS file), {@code exp} (required), {@code nbf} (when present) and
 * {@code aud}, which must name the hub, all within a clock skew. The port is ended when the
 * token's {@code exp} passes ({@link AuthDecision#allowUntil}).
 *
 * <p>Keys are read once, when the authenticator is built; verifying is in memory and thread-safe.
 * The time is injected, so expiry is tested without waiting.
 */
public final class JwtAuthenticator implements Authenticator {

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String hub;
    private final TokenLocator locator;
    private final Duration clockSkew;

    private JwtAuthenticator(DefaultJWTProcessor<SecurityContext> processor, String hub, TokenLocator locator,
                             Duration clockSkew) {
        this.processor = processor;
        this.hub = hub;
        this.locator = locator;
        this.clockSkew = clockSkew;
    }

    /**
     * Tokens signed with HS256 under {@code secret}, for hub {@code hub}.
     *
     * @throws IllegalArgumentException when the secret is shorter than 32 bytes (HS256 needs 256 bits)
     */
    public static JwtAuthenticator hs256(byte[] secret, String hub, TokenLocator locator, Duration clockSkew, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the JWT secret is " + secret.length + " bytes long: HS256 needs at least 32, "
                    + "e.g. the output of 'openssl rand -hex 32'");
        }
        return build(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)),
                hub, locator, clockSkew, clock);
    }

    /** Same as {@link #hs256(byte[], String, TokenLocator, Duration, Clock)} with a text secret, as UTF-8. */
    public static JwtAuthenticator hs256(String secret, String hub, TokenLocator locator, Duration clockSkew, Clock clock) {
        return hs256(secret.strip().getBytes(StandardCharsets.UTF_8), hub, locator, clockSkew, clock);
    }

    /**
     * Tokens signed with RS256 or ES256 by a key in the JWKS file {@code jwks}, for hub {@code hub}.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not a JWK set
     */
    public static JwtAuthenticator jwks(Path jwks, String hub, TokenLocator locator, Duration clockSkew, Clock clock) {
        JWKSet keys;
        try {
            keys = JWKSet.load(jwks.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the JWKS file " + jwks + ": " + e.getMessage()
                    + "; give a readable file of public keys", e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the JWKS file " + jwks + " is not a JSON Web Key set (" + e.getMessage()
                    + "); give a file of the form {\"keys\":[...]}", e);
        }
        if (keys.getKeys().isEmpty()) {
            throw new IllegalArgumentException("the JWKS file " + jwks + " holds no keys: add the public key tokens are signed with");
        }
        return build(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(keys)), hub, locator, clockSkew, clock);
    }

    private static JwtAuthenticator build(JWSVerificationKeySelector<SecurityContext> keys, String hub, TokenLocator locator,
                                          Duration clockSkew, Clock clock) {
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("invalid JWT clock skew " + clockSkew + ": it must not be negative");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(hub), new JWTClaimsSet.Builder().build(), Set.of("exp"), Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
        return new JwtAuthenticator(processor, hub, locator, clockSkew);
    }

    @Override
    public AuthDecision authenticate(HandshakeRequest request) {
        Optional<String> token = locator.find(request);
        if (token.isEmpty()) {
            return AuthDecision.deny("this hub requires a JWT: " + locator.places());
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token.get(), null);
        } catch (ParseException e) {
            return AuthDecision.deny("the token is not a JWT");
        } catch (BadJOSEException e) {
            // nimbus's messages name the failed check ("Expired JWT", "JWT audience rejected") and never the key.
            return AuthDecision.deny("the token was refused: " + e.getMessage()
                    + " (a token for this hub has aud '" + hub + "', an exp in the future and a valid signature)");
        } catch (JOSEException e) {
            return AuthDecision.deny("the token's signature could not be checked: " + e.getMessage());
        }
        String subject = claims.getSubject() == null ? "jwt" : claims.getSubject();
        // The port lives as long as the verifier would still accept the token.
        return AuthDecision.allowUntil(subject, claims.getExpirationTime().toInstant().plus(clockSkew));
    }
}
