package dev.switchboard.server.ws;

import io.undertow.websockets.core.WebSocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The client connections that are open now, across all hubs, so that a stopping server can give
 * the close frames it just sent time to reach the clients before it stops the I/O threads.
 */
public final class OpenConnections {

    private final Set<WebSocketChannel> open = new HashSet<>();

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

    private synchronized void closed(WebSocketChannel channel) {
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
