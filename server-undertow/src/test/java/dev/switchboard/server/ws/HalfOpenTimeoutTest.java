package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.server.FreezingProxy;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat deadline is the only thing that catches a half-open connection: a client whose
 * network vanished without a FIN or a reset. A loopback proxy freezes a client's connection (no
 * byte either way, both sockets open) and the hub must end that port with {@code TIMEOUT} within
 * the deadline plus one heartbeat interval (plus scheduling), while other clients carry on.
 */
class HalfOpenTimeoutTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final Duration DEADLINE = Duration.ofMillis(600);
    /** Scheduling slack on a loaded two-core machine: timer, thread hand-offs, GC. */
    private static final Duration MARGIN = Duration.ofMillis(400);
    private static final int RUNS = 5;

    private ServerFixture fixture;
    private FreezingProxy proxy;
    private final Map<String, Long> endedAtNanos = new ConcurrentHashMap<>();
    private final List<HubEvent.PortEnded> ended = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.portHeartbeat(HEARTBEAT, DEADLINE)), "default");
        fixture.hub("default").addListener(event -> {
            if (event instanceof HubEvent.PortEnded end) {
                endedAtNanos.put(end.portId(), System.nanoTime());
                ended.add(end);
            }
        });
        proxy = FreezingProxy.to("127.0.0.1", fixture.server().boundAddress().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aFrozenEnvelopeClientEndsWithTimeoutWithinTheDeadlineAndOthersCarryOn() throws Exception {
        EnvelopeClient bystander = fixture.connectEnvelope("default");
        bystander.next("welcome");
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").upstreamState() == UpstreamState.OPEN);
        List<Long> detections = new ArrayList<>();

        for (int run = 1; run <= RUNS; run++) {
            EnvelopeClient frozen = fixture.track(EnvelopeClient.connect(proxy.through(fixture.uri("default"))));
            String portId = frozen.next("welcome").path("port").asText();
            FreezingProxy.Link link = proxy.links().get(proxy.links().size() - 1);
            // Answering pings for a while proves the path through the proxy works.
            await().atMost(TestClient.WAIT).until(() -> frozen.pings() >= 2);

            // The last sign of life goes through just before the freeze, so the deadline runs from the freeze.
            long before = link.bytesToServer();
            frozen.send("{\"type\":\"pong\"}");
            await().atMost(TestClient.WAIT).pollInterval(Duration.ofMillis(1)).until(() -> link.bytesToServer() > before);
            link.freeze();

            await().atMost(TestClient.WAIT).until(() -> endedAtNanos.containsKey(portId));
            long detected = TimeUnit.NANOSECONDS.toMillis(endedAtNanos.get(portId) - link.frozenAtNanos());
            detections.add(detected);
            HubEvent.PortEnded end = ended.stream().filter(e -> e.portId().equals(portId)).findFirst().orElseThrow();
            assertThat(end.end().reason()).isEqualTo(EndReason.TIMEOUT);
            assertThat(end.end().detail()).contains("nothing heard");

            // The bystander was never disturbed.
            fixture.origin("default").publish("after run " + run);
            JsonNode message;
            do {
                message = bystander.next();
            } while (!"message".equals(message.path("type").asText()));
            assertThat(message.path("data").asText()).isEqualTo("after run " + run);
        }

        report("envelope mode (ping/pong envelopes)", detections);
        assertThat(ended).allSatisfy(e -> assertThat(e.end().reason()).isEqualTo(EndReason.TIMEOUT));
        assertThat(ended).hasSize(RUNS);
        assertThat(bystander.isClosed()).isFalse();
        assertWithinDeadline(detections);
    }

    @Test
    void aFrozenRawClientEndsWithTimeoutWithinTheDeadlineAndOthersCarryOn() throws Exception {
        TestClient bystander = fixture.connect("default");
        fixture.awaitReady("default", 1);
        List<Long> detections = new ArrayList<>();

        for (int run = 1; run <= RUNS; run++) {
            int before = fixture.hub("default").portCount();
            TestClient frozen = TestClient.connect(proxy.through(fixture.uri("default")));
            try {
                await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == before + 1);
                FreezingProxy.Link link = proxy.links().get(proxy.links().size() - 1);
                // The JDK client answers WebSocket pings on its own; a text frame is its last word.
                long sent = link.bytesToServer();
                frozen.sendText("last words");
                await().atMost(TestClient.WAIT).pollInterval(Duration.ofMillis(1)).until(() -> link.bytesToServer() > sent);
                int endedBefore = ended.size();
                link.freeze();

                await().atMost(TestClient.WAIT).until(() -> ended.size() > endedBefore);
                HubEvent.PortEnded end = ended.get(endedBefore);
                assertThat(end.end().reason()).isEqualTo(EndReason.TIMEOUT);
                detections.add(TimeUnit.NANOSECONDS.toMillis(endedAtNanos.get(end.portId()) - link.frozenAtNanos()));
            } finally {
                frozen.close();
            }

            fixture.origin("default").publish("after run " + run);
            assertThat(bystander.nextText()).isEqualTo("after run " + run);
        }

        report("raw mode (WebSocket ping/pong)", detections);
        assertThat(ended).hasSize(RUNS);
        assertWithinDeadline(detections);
    }

    private static void report(String mode, List<Long> detections) {
        String line = "TIMEOUT detection, " + mode + ": heartbeat " + HEARTBEAT.toMillis() + "ms, deadline "
                + DEADLINE.toMillis() + "ms; freeze -> PortEnded(TIMEOUT) in " + detections.stream()
                .map(d -> d + "ms").collect(Collectors.joining(", "))
                + " (min " + detections.stream().mapToLong(Long::longValue).min().orElse(-1)
                + "ms, max " + detections.stream().mapToLong(Long::longValue).max().orElse(-1)
                + "ms; documented window " + DEADLINE.toMillis() + ".." + DEADLINE.plus(HEARTBEAT).toMillis() + "ms)";
        System.out.println(line);
        System.err.println(line);
    }

    /** Not before the deadline (the client spoke right before the freeze), and by the deadline plus one interval plus slack. */
    private static void assertWithinDeadline(List<Long> detections) {
        assertThat(detections).allSatisfy(d -> assertThat(d)
                .isGreaterThanOrEqualTo(DEADLINE.toMillis() - 50)
                .isLessThanOrEqualTo(DEADLINE.plus(HEARTBEAT).plus(MARGIN).toMillis()));
    }
}
