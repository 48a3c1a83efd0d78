package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Hub;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.SseOrigin;
import dev.switchboard.testsupport.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hub whose upstream is a Server-Sent Events stream, end to end: the packaged server's code,
 * the SSE transport found by ServiceLoader, a real SSE origin, real WebSocket clients.
 */
class SseUpstreamIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private SseOrigin origin;
    private SwitchboardServer server;
    private Hub hub;

    @BeforeEach
    void start() throws Exception {
        origin = new SseOrigin();
        server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", 0)
                .hub("default", origin.uri())
                .settings(s -> s.backoff(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(60)))
                .build()).start();
        hub = server.hubs().find("default").orElseThrow();
    }

    @AfterEach
    void stop() {
        server.stop();
        origin.close();
    }

    @Test
    void anUpstreamDropLosesNothingAndDuplicatesNothingThanksToLastEventId() {
        List<TestClient> clients = IntStream.range(0, 3)
                .mapToObj(i -> TestClient.connectAsync(server.hubUri("default")).join()).toList();
        await().atMost(WAIT).until(() -> hub.upstreamState() == UpstreamState.OPEN && origin.openStreams() == 1);

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                origin.publish();
            }
            // Drop mid-stream and keep publishing while the hub is away: the origin holds them.
            origin.dropStreams();
            for (int i = 0; i < 10; i++) {
                origin.publish();
            }
            await().atMost(WAIT).until(() -> origin.openStreams() == 1 && hub.upstreamState() == UpstreamState.OPEN);
        }
        origin.publish();

        List<String> expected = IntStream.rangeClosed(1, 91).mapToObj(n -> "event-" + n).toList();
        await().atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.texts().size() >= expected.size()));
        for (TestClient client : clients) {
            assertThat(client.texts()).as("every event once, in order, across three upstream drops").isEqualTo(expected);
        }
        // Each reconnect named the last event the hub had received.
        List<String> ids = origin.lastEventIds();
        assertThat(ids.get(0)).isEmpty();
        assertThat(ids.subList(1, ids.size())).allSatisfy(id -> assertThat(Integer.parseInt(id)).isPositive());
        clients.forEach(TestClient::close);
    }
}
