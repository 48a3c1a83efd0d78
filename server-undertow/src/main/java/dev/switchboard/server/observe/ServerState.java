package dev.switchboard.server.observe;

import java.time.Instant;

/**
 * Whether the server is listening and whether it is stopping: what readiness and the status
 * report need beside the hubs. Set by the server's lifecycle, read by the probes.
 */
public final class ServerState {

    private final Instant createdAt;
    private volatile boolean listening;
    private volatile boolean draining;

    /** A server created at {@code createdAt}, not listening yet. */
    public ServerState(Instant createdAt) {
        this.createdAt = createdAt;
    }

    /** The listener is bound and takes connections. */
    public void listening() {
        listening = true;
    }

    /** The server stopped taking connections and is flushing what is queued, or has stopped. */
    public void draining() {
        draining = true;
    }

    /** Whether the listener takes connections now. */
    public boolean isListening() {
        return listening && !draining;
    }

    /** Whether a stop has begun. */
    public boolean isDraining() {
        return draining;
    }

    /** When the server was built. */
    public Instant createdAt() {
        return createdAt;
    }
}
