package dev.switchboard.server.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-port secret an SSE client shows when it posts a message ({@code POST
 * /hubs/NAME/messages?port=ID}, header {@code X-Switchboard-Port-Secret} or query parameter
 * {@code secret}). A port id names a port but proves nothing; the secret is sent only to the port's
 * own client, in its {@code welcome}, so another client cannot speak for it.
 *
 * <p>The secret is an HMAC-SHA256 of the hub and port id under a key drawn at random when the
 * server starts, so nothing is stored per port and a restarted server's secrets are all new.
 * Thread-safe.
 */
public final class PortSecrets {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** Secrets under a fresh random key. */
    public PortSecrets() {
        this(new SecureRandom());
    }

    PortSecrets(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /** The secret of port {@code portId} of hub {@code hub}: 43 characters of base64url. */
    public String secret(String hub, String portId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] tag = mac.doFinal((hub + "\n" + portId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Whether {@code given} is that port's secret; compared in constant time. */
    public boolean matches(String hub, String portId, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(secret(hub, portId).getBytes(StandardCharsets.US_ASCII),
                given.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
