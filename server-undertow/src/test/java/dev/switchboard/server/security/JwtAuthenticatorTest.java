package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.switchboard.api.auth.AuthDecision;
import dev.switchboard.api.auth.HandshakeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every check of the JWT built-in, against a fixed clock. */
class JwtAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final TokenLocator LOCATOR = new TokenLocator("sb_token");

    private final JwtAuthenticator prices = JwtAuthenticator.hs256(Tokens.SECRET, "prices", LOCATOR, SKEW, CLOCK);

    @Test
    void aValidTokenIsLetInUntilItsExpiryPlusTheSkew() {
        AuthDecision decision = prices.authenticate(bearer(Tokens.hs256("prices", NOW.plusSeconds(60))));
        assertThat(decision).isInstanceOf(AuthDecision.Allow.class);
        AuthDecision.Allow allow = (AuthDecision.Allow) decision;
        assertThat(allow.principal()).isEqualTo("alice");
        assertThat(allow.expiresAt()).contains(NOW.plusSeconds(90));
    }

    @Test
    void expiredWrongAudienceNotYetValidAndMissingExpAreDenied() {
        assertThat(reason(prices.authenticate(bearer(Tokens.hs256("prices", NOW.minusSeconds(31)))))).contains("Expired JWT");
        // Within the skew, an expired token still passes.
        assertThat(prices.authenticate(bearer(Tokens.hs256("prices", NOW.minusSeconds(29))))).isInstanceOf(AuthDecision.Allow.class);
        assertThat(reason(prices.authenticate(bearer(Tokens.hs256("news", NOW.plusSeconds(60)))))).contains("aud claim rejected");
        assertThat(reason(prices.authenticate(bearer(Tokens.hs256(null, NOW.plusSeconds(60)))))).isNotBlank();
        String early = Tokens.sign(JWSAlgorithm.HS256, Tokens.macSigner(Tokens.SECRET), null,
                Tokens.claims("prices", NOW.plusSeconds(600), NOW.plusSeconds(120)));
        assertThat(reason(prices.authenticate(bearer(early)))).contains("before use time");
        String noExp = Tokens.sign(JWSAlgorithm.HS256, Tokens.macSigner(Tokens.SECRET), null, Tokens.claims("prices", null, null));
        assertThat(reason(prices.authenticate(bearer(noExp)))).contains("exp");
    }

    @Test
    void aWrongSignatureOrGarbageIsDenied() {
        String forged = Tokens.sign(JWSAlgorithm.HS256, Tokens.macSigner("another-secret-another-secret-xx"), null,
                Tokens.claims("prices", NOW.plusSeconds(60), null));
        assertThat(reason(prices.authenticate(bearer(forged)))).contains("refused");
        assertThat(reason(prices.authenticate(bearer("not.a.jwt")))).contains("not a JWT");
        assertThat(reason(prices.authenticate(request(Map.of(), Map.of(), Map.of())))).contains("requires a JWT")
                .contains("Authorization: Bearer").contains("cookie 'sb_token'").contains("access_token");
    }

    @Test
    void theTokenMayComeFromTheCookieOrTheQuery() {
        String token = Tokens.hs256("prices", NOW.plusSeconds(60));
        assertThat(prices.authenticate(request(Map.of(), Map.of("sb_token", token), Map.of())))
                .isInstanceOf(AuthDecision.Allow.class);
        assertThat(prices.authenticate(request(Map.of(), Map.of(), Map.of("access_token", List.of(token)))))
                .isInstanceOf(AuthDecision.Allow.class);
    }

    @Test
    void rs256AndEs256TokensAreCheckedAgainstTheJwksFile(@TempDir Path dir) throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        Path jwks = dir.resolve("keys.json");
        Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
        JwtAuthenticator authenticator = JwtAuthenticator.jwks(jwks, "prices", LOCATOR, SKEW, CLOCK);

        String rs = Tokens.sign(JWSAlgorithm.RS256, new RSASSASigner(rsa), "rsa-1", Tokens.claims("prices", NOW.plusSeconds(60), null));
        String es = Tokens.sign(JWSAlgorithm.ES256, new ECDSASigner(ec), "ec-1", Tokens.claims("prices", NOW.plusSeconds(60), null));
        assertThat(authenticator.authenticate(bearer(rs))).isInstanceOf(AuthDecision.Allow.class);
        assertThat(authenticator.authenticate(bearer(es))).isInstanceOf(AuthDecision.Allow.class);

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        String foreign = Tokens.sign(JWSAlgorithm.RS256, new RSASSASigner(stranger), "rsa-1",
                Tokens.claims("prices", NOW.plusSeconds(60), null));
        assertThat(authenticator.authenticate(bearer(foreign))).isInstanceOf(AuthDecision.Deny.class);
        // An HS256 token signed with the public key as secret (the classic algorithm confusion) is refused.
        assertThat(authenticator.authenticate(bearer(Tokens.hs256("prices", NOW.plusSeconds(60)))))
                .isInstanceOf(AuthDecision.Deny.class);
    }

    @Test
    void badKeysFailWhenBuiltWithASentence(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> JwtAuthenticator.hs256("short", "prices", LOCATOR, SKEW, CLOCK))
                .hasMessageContaining("at least 32");
        Path notJson = Files.writeString(dir.resolve("keys.json"), "hello");
        assertThatThrownBy(() -> JwtAuthenticator.jwks(notJson, "prices", LOCATOR, SKEW, CLOCK))
                .hasMessageContaining("is not a JSON Web Key set");
        assertThatThrownBy(() -> JwtAuthenticator.jwks(dir.resolve("missing.json"), "prices", LOCATOR, SKEW, CLOCK))
                .hasMessageContaining("cannot read the JWKS file");
    }

    @Test
    void theBearerBuiltInComparesTheStaticToken() {
        BearerTokenAuthenticator bearer = new BearerTokenAuthenticator("s3cret-s3cret-s3cret", LOCATOR);
        assertThat(bearer.authenticate(bearer("s3cret-s3cret-s3cret"))).isInstanceOf(AuthDecision.Allow.class);
        assertThat(reason(bearer.authenticate(bearer("s3cret-s3cret-s3creX")))).isEqualTo("the token is wrong");
        assertThat(reason(bearer.authenticate(request(Map.of("Authorization", List.of("Basic abc")), Map.of(), Map.of()))))
                .contains("requires a token");
        assertThatThrownBy(() -> new BearerTokenAuthenticator("short", LOCATOR)).hasMessageContaining("at least 16");
    }

    private static String reason(AuthDecision decision) {
        assertThat(decision).isInstanceOf(AuthDecision.Deny.class);
        return ((AuthDecision.Deny) decision).reason();
    }

    private static HandshakeRequest bearer(String token) {
        return request(Map.of("Authorization", List.of("Bearer " + token)), Map.of(), Map.of());
    }

    private static HandshakeRequest request(Map<String, List<String>> headers, Map<String, String> cookies,
                                            Map<String, List<String>> query) {
        return new HandshakeRequest("prices", "127.0.0.1", headers, cookies, query);
    }
}
