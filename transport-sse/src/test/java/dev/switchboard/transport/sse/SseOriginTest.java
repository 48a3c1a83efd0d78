package dev.switchboard.transport.sse;

import dev.switchboard.api.spi.UpstreamRequest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test against a real SSE origin on 127.0.0.1, with every connection it opened closed afterwards. */
abstract class SseOriginTest {

    /** How long the test's upstream may stay silent before the connection fails. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(900);

    SseTestOrigin origin;
    TrackedConnections connections;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = SseTestOrigin.start();
        connections = new TrackedConnections();
    }

    @AfterEach
    void stopOrigin() {
        try {
            connections.close();
        } finally {
            origin.close();
        }
    }

    /** A request with short timings, so failures surface within a test's patience. */
    static UpstreamRequest.Builder request(URI uri) {
        return UpstreamRequest.builder(uri)
                .connectTimeout(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(300))
                .heartbeatTimeout(HEARTBEAT_TIMEOUT);
    }
}
