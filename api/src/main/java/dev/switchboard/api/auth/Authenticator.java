package dev.switchboard.api.auth;

/**
 * Decides whether a client may attach to a hub, from its handshake alone. The front end asks it
 * once per WebSocket handshake and once per SSE request, after the origin check and before any
 * upgrade: a denial is answered {@code 401} with the reason, and the connection never becomes a
 * port.
 *
 * <p>An authenticator that allows with an expiry ({@link AuthDecision#allowUntil}) has the port
 * ended when that instant passes (close code 1008 for a WebSocket port), so a token that expires
 * mid-session does not keep its connection.
 *
 * <p>Threading: called on the server's I/O threads, concurrently, for many handshakes at once.
 * Implementations must be thread-safe and must not block (no network calls); read keys and
 * secrets when the authenticator is built. A method that throws counts as a denial.
 */
@FunctionalInterface
public interface Authenticator {

    /** Lets every client in; the default when a hub configures no authentication. */
    Authenticator ALLOW_ALL = request -> AuthDecision.allow("anonymous");

    /**
     * Decides on one handshake.
     *
     * @param request what the client sent: headers, cookies, query parameters, its address and the hub
     * @return allow (with the client's name and an optional expiry), or deny with a reason the
     *     client may read; never null
     */
    AuthDecision authenticate(HandshakeRequest request);
}
