package dev.switchboard.server.security;

import java.util.Objects;

/**
 * Who may attach to one hub, and how much each of its clients may send. (How many clients the hub
 * holds is its {@code max-ports} hub setting; the front end refuses the one past it with 503
 * before the upgrade.)
 *
 * @param origins  the pages that may attach ({@code --allow-origin}, {@code --require-origin})
 * @param auth     how clients authenticate ({@code --auth})
 * @param sendRate how much one client may send toward the upstream ({@code --send-rate}, {@code --send-bytes-rate},
 *                 {@code --rate-policy})
 */
public record HubAccess(OriginPolicy origins, AuthMethod auth, SendRate sendRate) {

    /** Checks the parts. */
    public HubAccess {
        Objects.requireNonNull(origins, "origins");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(sendRate, "sendRate");
    }

    /** The defaults: the server's own origin only, no authentication, the default send rate. */
    public static HubAccess defaults() {
        return new HubAccess(OriginPolicy.sameOriginOnly(), AuthMethod.none(), SendRate.defaults());
    }

    /** A copy with these origins. */
    public HubAccess withOrigins(OriginPolicy value) {
        return new HubAccess(value, auth, sendRate);
    }

    /** A copy with this authentication. */
    public HubAccess withAuth(AuthMethod value) {
        return new HubAccess(origins, value, sendRate);
    }

    /** A copy with this send rate. */
    public HubAccess withSendRate(SendRate value) {
        return new HubAccess(origins, auth, value);
    }
}
