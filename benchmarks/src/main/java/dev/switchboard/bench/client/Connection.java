package dev.switchboard.bench.client;

import java.util.concurrent.CompletableFuture;

/**
 * One load-client connection, whichever WebSocket client holds it: what the run bookkeeping in
 * {@link LoadClient} needs to know about it. Its tracker is touched only by the one thread that
 * receives the connection's frames.
 */
abstract class Connection {

    final SeqTracker tracker = new SeqTracker();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** The run this connection was counted in when it started; set before the run is published. */
    int memberOfRun = -1;

    /** Drops the connection on purpose (teardown): no callback is needed or counted. */
    abstract void abort();

    /** Whether the connection was opened and can be aborted. */
    abstract boolean started();

    boolean isOpen() {
        return !closed.isDone();
    }
}
