package dev.switchboard.hub.testing;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import java.io.IOException;
import java.util.Set;

/** The {@code mem://NAME} transport, found by ServiceLoader from this test jar. See {@link InMemoryOrigin}. */
public final class InMemoryTransportProvider implements TransportProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public String name() {
        return "in-memory test transport";
    }

    @Override
    public UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener) {
        String name = request.uri().getHost();
        InMemoryOrigin origin = InMemoryOrigin.named(name);
        if (origin == null) {
            listener.onFailure(new Orphan(request), new IOException("no in-memory origin named '" + name + "'"));
            return new Orphan(request);
        }
        InMemoryOrigin.Connection connection = origin.new Connection(request, listener);
        origin.connect(connection);
        return connection;
    }

    /** A connection to an origin that does not exist: already failed. */
    private record Orphan(UpstreamRequest request) implements UpstreamConnection {
        @Override
        public java.net.URI uri() {
            return request.uri();
        }

        @Override
        public boolean send(dev.switchboard.api.Message message) {
            return false;
        }

        @Override
        public void close() {
        }

        @Override
        public void cancel() {
        }
    }
}
