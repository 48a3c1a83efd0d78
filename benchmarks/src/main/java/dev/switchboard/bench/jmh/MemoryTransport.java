package dev.switchboard.bench.jmh;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import java.net.URI;
import java.util.Set;

/**
 * The {@code bench://} transport: an upstream that opens at once and lets the benchmark inject
 * messages through the hub's own listener, exactly as a network transport would deliver them.
 */
public final class MemoryTransport implements TransportProvider {

    private volatile UpstreamListener listener;
    private volatile Connection connection;

    @Override
    public Set<String> schemes() {
        return Set.of("bench");
    }

    @Override
    public String name() {
        return "benchmarks in-memory transport";
    }

    @Override
    public UpstreamConnection connect(UpstreamRequest request, UpstreamListener upstreamListener) {
        Connection c = new Connection(request.uri());
        listener = upstreamListener;
        connection = c;
        upstreamListener.onOpen(c);
        return c;
    }

    /** Hands {@code message} to the hub as if it had arrived from the upstream. */
    public void publish(Message message) {
        UpstreamListener l = listener;
        if (l == null) {
            throw new IllegalStateException("the hub has not connected its upstream yet: attach a port first");
        }
        l.onMessage(connection, message);
    }

    private record Connection(URI uri) implements UpstreamConnection {
        @Override
        public boolean send(Message message) {
            return true;
        }

        @Override
        public void close() {
        }

        @Override
        public void cancel() {
        }
    }
}
