package dev.switchboard.api;

/**
 * Why a port ended. A port ends exactly once and records exactly one reason.
 */
public enum EndReason {
    /** The client's transport closed (a WebSocket close, a dropped connection, an SSE stream ended). */
    CLOSED,
    /** The client said goodbye explicitly (an envelope {@code disconnect}). */
    DISCONNECT,
    /** The client missed its heartbeat deadline: nothing was heard from it in time. */
    TIMEOUT,
    /** The client read too slowly and its bounded outbound queue overflowed. */
    SLOW,
    /** The hub refused the port (the hub is closed, or its port limit is reached). */
    REJECTED,
    /** Writing to the client failed, or the front end reported an error. */
    ERROR,
    /** The hub shut down. */
    SHUTDOWN
}
