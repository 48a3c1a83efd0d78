package dev.switchboard.server.ws;

import io.undertow.server.ServerConnection;
import io.undertow.websockets.core.WebSocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The client connections that are open now, across all hubs, so that a stopping server can give
 * the close frames it just sent time to reach the clients before it stops the I/O threads.
 */
public final class OpenConnections {

    /** WebSocket channels and the HTTP connections of SSE streams. */
    private final Set<Object> open = new HashSet<>();

    /** Counts {@code channel} as open until it closes. */
    void track(WebSocketChannel channel) {
        synchronized (this) {
            open.add(channel);
        }
        channel.addCloseTask(this::closed);
        if (!channel.isOpen()) {
            closed(channel);
        }
    }

    /** Counts the HTTP connection of an SSE stream as open until it closes. */
    public void track(ServerConnection connection) {
        synchronized (this) {
            open.add(connection);
        }
        connection.addCloseListener(this::closed);
        if (!connection.isOpen()) {
            closed(connection);
        }
    }

    private synchronized void closed(Object channel) {
        open.remove(channel);
        if (open.isEmpty()) {
            notifyAll();
        }
    }

    /** How many client connections are open. */
    public synchronized int count() {
        return open.size();
    }

    /**
     * Waits until no client connection is open, or {@code timeout} passed.
     *
     * @return true if none is open
     */
    public synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
