package dev.switchboard.transport.sse;

import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.transport.tck.ListenerRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects through the SSE provider and, on close, ends every connection and checks that each
 * got exactly one final callback and broke no lifecycle rule, as the compatibility kit does.
 */
final class TrackedConnections implements AutoCloseable {

    private final SseTransportProvider provider = new SseTransportProvider();
    private final List<ListenerRecorder> recorders = new ArrayList<>();
    private final List<UpstreamConnection> connections = new ArrayList<>();

    UpstreamConnection connect(UpstreamRequest request, ListenerRecorder recorder) {
        UpstreamConnection connection = provider.connect(request, recorder);
        recorder.expectConnection(connection);
        recorders.add(recorder);
        connections.add(connection);
        return connection;
    }

    @Override
    public void close() {
        connections.forEach(UpstreamConnection::cancel);
        for (ListenerRecorder recorder : recorders) {
            if (!recorder.awaitFinal(Duration.ofSeconds(5))) {
                throw new AssertionError("a connection never got a final callback; callbacks: " + recorder.history());
            }
            recorder.assertNoViolations();
        }
    }
}
