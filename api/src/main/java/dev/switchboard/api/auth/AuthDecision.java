package dev.switchboard.api.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link Authenticator} decided: {@link Allow} or {@link Deny}. Build one with
 * {@link #allow}, {@link #allowUntil} or {@link #deny}.
 */
public sealed interface AuthDecision permits AuthDecision.Allow, AuthDecision.Deny {

    /** The client may attach. */
    static AuthDecision allow(String principal) {
        return new Allow(principal, Optional.empty());
    }

    /** The client may attach, and its port is ended when {@code expiresAt} passes. */
    static AuthDecision allowUntil(String principal, Instant expiresAt) {
        return new Allow(principal, Optional.of(expiresAt));
    }

    /** The client may not attach; {@code reason} is sent to it with the 401 and logged. */
    static AuthDecision deny(String reason) {
        return new Deny(reason);
    }

    /**
     * The client may attach.
     *
     * @param principal who the client is, for logs (a token's subject); never a secret
     * @param expiresAt when the client's credential stops being valid, if it does
     */
    record Allow(String principal, Optional<Instant> expiresAt) implements AuthDecision {
        /** Checks the parts. */
        public Allow {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * The client may not attach.
     *
     * @param reason a sentence saying why, safe to show the client (never the secret it failed to match)
     */
    record Deny(String reason) implements AuthDecision {
        /** Checks the reason. */
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
