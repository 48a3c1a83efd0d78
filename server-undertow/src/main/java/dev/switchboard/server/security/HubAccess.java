package dev.switchboard.server.security;

import java.util.Objects;

/**
 * Who may attach to one hub, and how much each of its clients may do.
 *
 * @param origins  the pages that may attach ({@code --allow-origin}, {@code --require-origin})
 * @param auth     how clients authenticate ({@code --auth})
 * @param maxPorts the most clients the hub holds at once ({@code --max-ports}); more get 503, or 1013 after upgrade
 * @param sendRate how much one client may send toward the upstream ({@code --send-rate}, {@code --send-bytes-rate},
 *                 {@code --rate-policy})
 */
public record HubAccess(OriginPolicy origins, AuthMethod auth, int maxPorts, SendRate sendRate) {

    /** Default most clients per hub. */
    public static final int DEFAULT_MAX_PORTS = 10_000;

    /** Checks the parts. */
    public HubAccess {
        Objects.requireNonNull(origins, "origins");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(sendRate, "sendRate");
        if (maxPorts < 1) {
            throw new IllegalArgumentException("invalid maximum ports per hub " + maxPorts + ": use at least 1");
        }
    }

    /** The defaults: the server's own origin only, no authentication, 10,000 clients, the default send rate. */
    public static HubAccess defaults() {
        return new HubAccess(OriginPolicy.sameOriginOnly(), AuthMethod.none(), DEFAULT_MAX_PORTS, SendRate.defaults());
    }

    /** A copy with these origins. */
    public HubAccess withOrigins(OriginPolicy value) {
        return new HubAccess(value, auth, maxPorts, sendRate);
    }

    /** A copy with this authentication. */
    public HubAccess withAuth(AuthMethod value) {
        return new HubAccess(origins, value, maxPorts, sendRate);
    }

    /** A copy with this port limit. */
    public HubAccess withMaxPorts(int value) {
        return new HubAccess(origins, auth, value, sendRate);
    }

    /** A copy with this send rate. */
    public HubAccess withSendRate(SendRate value) {
        return new HubAccess(origins, auth, maxPorts, value);
    }
}
