package dev.switchboard.api;

/**
 * The state of a hub's one upstream connection.
 *
 * <pre>
 *   IDLE ─► CONNECTING ─► OPEN ─► LINGERING ─► IDLE
 *               ▲    │      │         │
 *               │    ▼      ▼         ▼ (a port attaches)
 *               └─ BACKOFF ◄┘        OPEN
 * </pre>
 */
public enum UpstreamState {
    /** No connection and none wanted: no port is attached and the hub is not eager. */
    IDLE,
    /** A connection attempt is under way. */
    CONNECTING,
    /** Connected; messages flow. */
    OPEN,
    /** The last attempt failed or the connection dropped; the next attempt waits out a backoff delay. */
    BACKOFF,
    /** Connected, but no port is attached; the connection closes when the linger time ends. */
    LINGERING
}
