package dev.switchboard.bench.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Opens WebSocket connections for the {@link LoadClient}; one implementation per client library. */
interface Dialer extends AutoCloseable {

    /** Opens one connection to {@code uri} whose frames are reported to {@code client}; completes when the handshake is done. */
    CompletableFuture<Connection> open(URI uri, LoadClient client);

    /** Stops the dialer's threads. */
    @Override
    void close();
}
