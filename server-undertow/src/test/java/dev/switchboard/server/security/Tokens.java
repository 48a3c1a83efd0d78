package dev.switchboard.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;

/** Mints signed JWTs for the tests. */
public final class Tokens {

    /** A 32-byte HS256 secret. */
    public static final String SECRET = "0123456789abcdef0123456789abcdef";

    private Tokens() {
    }

    /** An HS256 token under {@link #SECRET} for {@code audience}, expiring at {@code exp}. */
    public static String hs256(String audience, Instant exp) {
        return sign(JWSAlgorithm.HS256, macSigner(SECRET), null, claims(audience, exp, null));
    }

    /** The claims: subject "alice", the audience, exp and (when not null) nbf. */
    public static JWTClaimsSet claims(String audience, Instant exp, Instant nbf) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("alice");
        if (audience != null) {
            claims.audience(audience);
        }
        if (exp != null) {
            claims.expirationTime(Date.from(exp));
        }
        if (nbf != null) {
            claims.notBeforeTime(Date.from(nbf));
        }
        return claims.build();
    }

    /** Signs {@code claims} with {@code signer} under {@code algorithm}, naming key {@code keyId} (none when null). */
    public static String sign(JWSAlgorithm algorithm, JWSSigner signer, String keyId, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 signer for {@code secret}. */
    public static JWSSigner macSigner(String secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
