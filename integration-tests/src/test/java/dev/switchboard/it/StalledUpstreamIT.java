package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Hub;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.security.HubAccess;
import dev.switchboard.server.security.SecurityConfig;
import dev.switchboard.server.security.SendRate;
import dev.switchboard.testsupport.EnvelopeClient;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream that accepts and then stops reading, against the real server and the real
 * WebSocket transport (issue 14, finding 1: every send was acked, the heap grew by hundreds of
 * MB, and the TCP connection outlived the hub's IDLE). Over five rounds an envelope client
 * sends large messages until they are refused, then leaves; each round checks that the
 * refusals are {@code error} replies (no {@code ack} for what the bound did not take), that after
 * the linger the connection is gone at the OS level and the origin sees its end, and that the
 * heap retained after a GC does not grow from round to round.
 */
class StalledUpstreamIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ROUNDS = 5;
    private static final int MESSAGE_BYTES = 700 * 1024;
    /** At most this many sends per round: far past the bound, so a hub that acks everything fails. */
    private static final int MAX_SENDS = 120;
    /** The bound plus what the kernel's socket buffers on loopback may hold (a few MiB each way), generously. */
    private static final long MOST_ACKED_BYTES = HubSettings.defaults().upstreamBuffer() + (32L << 20);
    /**
     * Retained heap may vary by this much from round to round, and exceed the bound by this much
     * while stalled; one round's sends without the bound are up to 84 MiB.
     */
    private static final long HEAP_SLACK = 24L << 20;

    private StalledOrigin origin;
    private SwitchboardServer server;
    private Hub hub;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(TcpTable.available(), "needs Linux's /proc/net/tcp to see the OS-level connection");
        origin = new StalledOrigin();
        server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", 0)
                .hub("default", origin.uri())
                // Default upstream-buffer and drain timeout; a short linger so that rounds are quick.
                .settings(s -> s.linger(Duration.ofSeconds(1)))
                // The client's own send rate must not be what refuses: this test is about the upstream.
                .security(SecurityConfig.builder().hubs(HubAccess.defaults().withSendRate(SendRate.unlimited())).build())
                .build()).start();
        hub = server.hubs().find("default").orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void sendsAreRefusedNotAckedAndNothingOutlivesTheHubsIdleRoundAfterRound() throws Exception {
        String data = "d".repeat(MESSAGE_BYTES);
        List<Long> retained = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            long before = retainedHeap();
            EnvelopeClient client = EnvelopeClient.connect(server.hubUri("default"), null);
            client.next("welcome");
            await("round " + round + ": the upstream to open").atMost(WAIT).until(() -> hub.upstreamState() == UpstreamState.OPEN);
            int acked = 0;
            int refused = 0;
            for (int i = 0; i < MAX_SENDS && refused < 3; i++) {
                String id = "r" + round + "-" + i;
                client.send("{\"type\":\"send\",\"id\":\"" + id + "\",\"data\":\"" + data + "\"}");
                JsonNode reply = replyTo(client, id);
                if (reply.path("type").asText().equals("ack")) {
                    assertThat(reply.path("status").asText()).as("ack of %s", id).isEqualTo("sent");
                    assertThat(refused).as("an ack after a refusal, while the upstream still reads nothing").isZero();
                    acked++;
                } else {
                    assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("error");
                    assertThat(reply.path("code").asText()).isEqualTo("upstream-rejected");
                    assertThat(reply.path("message").asText()).contains("not reading", "upstream-buffer");
                    refused++;
                }
            }
            assertThat(refused).as("round %s: refusals within %s sends of %s bytes", round, MAX_SENDS, MESSAGE_BYTES).isEqualTo(3);
            assertThat((long) acked * MESSAGE_BYTES).as("round %s: bytes acked 'sent' to an upstream that reads nothing", round)
                    .isLessThanOrEqualTo(MOST_ACKED_BYTES);

            // While the upstream is stalled the server holds at most the bound for it, not every send.
            long stalled = retainedHeap() - before;
            assertThat(stalled).as("round %s: heap held while the upstream reads nothing", round)
                    .isLessThan(HubSettings.defaults().upstreamBuffer() + HEAP_SLACK);

            client.send("{\"type\":\"disconnect\"}");
            client.awaitClose();
            client.close();
            await("round " + round + ": the hub to go idle after the linger").atMost(WAIT)
                    .until(() -> hub.upstreamState() == UpstreamState.IDLE);

            Socket upstream = origin.accepted().get(round - 1);
            // The server's side of the connection: its local port is the origin's remote port.
            await("round " + round + ": the server's TCP connection to the origin to be gone")
                    .atMost(WAIT).until(() -> TcpTable.liveStates(upstream.getPort(), origin.port()).isEmpty());
            String end = origin.readToEnd(upstream).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            long heap = retainedHeap();
            retained.add(heap);
            figures.add("round " + round + ": acked " + acked + ", refused " + refused + ", held while stalled "
                    + (stalled >> 20) + " MiB, origin saw " + end + ", retained heap after " + (heap >> 20) + " MiB");
        }
        System.out.println("StalledUpstreamIT figures:\n  " + String.join("\n  ", figures));
        assertThat(origin.accepted()).as("one upstream connection per round").hasSize(ROUNDS);
        long baseline = retained.get(0);
        for (int round = 2; round <= ROUNDS; round++) {
            assertThat(retained.get(round - 1) - baseline)
                    .as("retained heap after round %s, over round 1's %s bytes; figures: %s", round, baseline, figures)
                    .isLessThan(HEAP_SLACK);
        }
    }

    /** The ack or error for {@code id}; status envelopes may come between. */
    private static JsonNode replyTo(EnvelopeClient client, String id) throws InterruptedException {
        List<JsonNode> got = client.until(e -> id.equals(e.path("ref").asText()));
        return got.get(got.size() - 1);
    }

    private static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
