package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Hub;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.WebSocketOrigin;
import dev.switchboard.testsupport.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first promise of Switchboard, end to end: many WebSocket clients attached to the packaged
 * server's code share ONE connection to a real origin, through real sockets.
 */
class SharedUpstreamIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<TestClient> clients = new ArrayList<>();
    private final List<HubEvent> events = new CopyOnWriteArrayList<>();
    private WebSocketOrigin origin;
    private SwitchboardServer server;
    private Hub hub;

    @BeforeEach
    void start() throws Exception {
        origin = WebSocketOrigin.start();
        server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", 0)
                .hub("default", origin.uri())
                .settings(s -> s.header("X-Api-Key", "secret-42")
                        .linger(Duration.ofMillis(700))
                        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60)))
                .build()).start();
        hub = server.hubs().find("default").orElseThrow();
        hub.addListener(events::add);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(TestClient::close);
        server.stop();
        origin.close();
    }

    private List<TestClient> attach(int n) {
        List<CompletableFuture<TestClient>> pending = IntStream.range(0, n)
                .mapToObj(i -> TestClient.connectAsync(server.hubUri("default"))).toList();
        List<TestClient> attached = pending.stream().map(CompletableFuture::join).toList();
        clients.addAll(attached);
        return attached;
    }

    @Test
    void twoHundredClientsShareOneUpstreamConnectionAndGetEveryFrameInOrderUnchanged() {
        List<TestClient> many = attach(200);
        await().atMost(WAIT).until(() -> hub.portCount() == 200 && hub.upstreamState() == UpstreamState.OPEN);

        List<Object> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String text = "{\"seq\":" + i + ",\"text\":\"héllo ✓\"}";
            origin.publish(text);
            sent.add(text);
            if (i % 10 == 0) {
                byte[] bytes = {(byte) i, 0, (byte) 0xFF, 42};
                origin.publish(bytes);
                sent.add(bytes);
            }
        }

        await().atMost(WAIT).until(() -> many.stream().allMatch(c -> c.messages().size() == sent.size()));
        for (TestClient client : many) {
            assertThat(client.messages()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(sent);
        }
        assertThat(origin.acceptedCount()).isEqualTo(1);
        assertThat(origin.openCount()).isEqualTo(1);
        assertThat(origin.handshakes().all()).singleElement()
                .satisfies(handshake -> assertThat(handshake.getFieldValue("X-Api-Key")).isEqualTo("secret-42"));
    }

    @Test
    void framesClientsSendReachTheOriginUnchanged() throws Exception {
        TestClient a = attach(1).get(0);
        TestClient b = attach(1).get(0);
        await().atMost(WAIT).until(() -> hub.upstreamState() == UpstreamState.OPEN && hub.portCount() == 2);

        a.sendText("{\"buy\":1}");
        b.sendBinary(new byte[] {1, 2, 3});
        a.sendText("ünïcode");

        await().atMost(WAIT).until(() -> origin.received().all().size() == 3);
        assertThat(origin.received().all()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrder("{\"buy\":1}", new byte[] {1, 2, 3}, "ünïcode");
        assertThat(origin.received().all().stream().filter(String.class::isInstance).toList())
                .containsExactly("{\"buy\":1}", "ünïcode");
    }

    @Test
    void clientsStayAttachedWhileTheOriginRestartsAndReceiveAgain() throws Exception {
        List<TestClient> few = attach(20);
        await().atMost(WAIT).until(() -> hub.portCount() == 20 && hub.upstreamState() == UpstreamState.OPEN);
        origin.publish("before");
        await().atMost(WAIT).until(() -> few.stream().allMatch(c -> c.texts().contains("before")));

        origin.kill();
        await().atMost(WAIT).until(() -> events.stream().filter(HubEvent.UpstreamRetryScheduled.class::isInstance).count() >= 2);
        origin.restart();
        await().atMost(WAIT).until(() -> hub.upstreamState() == UpstreamState.OPEN && origin.openCount() == 1);
        origin.publish("after");

        await().atMost(WAIT).until(() -> few.stream().allMatch(c -> c.texts().contains("after")));
        for (TestClient client : few) {
            assertThat(client.texts()).containsExactly("before", "after");
            assertThat(client.isOpen()).isTrue();
        }
        List<HubEvent.UpstreamRetryScheduled> retries = events.stream()
                .filter(HubEvent.UpstreamRetryScheduled.class::isInstance).map(HubEvent.UpstreamRetryScheduled.class::cast).toList();
        // attempts count up from 1 and each delay lies within its full-jitter window: min(1s, 100ms × 2^(n-1))
        for (int i = 0; i < retries.size(); i++) {
            HubEvent.UpstreamRetryScheduled retry = retries.get(i);
            assertThat(retry.attempt()).isEqualTo(i + 1);
            long windowMillis = Math.min(1000, 100L << Math.min(retry.attempt() - 1, 20));
            assertThat(retry.delay()).isBetween(Duration.ZERO, Duration.ofMillis(windowMillis));
        }
        assertThat(hub.portCount()).isEqualTo(20);
        assertThat(origin.acceptedCount()).isEqualTo(2);
        System.out.printf("origin restart: %d retries scheduled, delays %s%n", retries.size(),
                retries.stream().map(r -> r.delay().toMillis() + "ms").toList());
    }

    @Test
    void theUpstreamClosesAfterTheLingerOnceTheLastClientLeavesAndANewClientReopensIt() {
        TestClient only = attach(1).get(0);
        await().atMost(WAIT).until(() -> origin.openCount() == 1);

        only.close();
        await().atMost(WAIT).until(() -> hub.upstreamState() == UpstreamState.LINGERING);
        assertThat(origin.openCount()).isEqualTo(1);
        await().atMost(WAIT).until(() -> hub.upstreamState() == UpstreamState.IDLE && origin.openCount() == 0);

        HubEvent.UpstreamStateChanged lingering = stateChange(UpstreamState.LINGERING);
        HubEvent.UpstreamStateChanged idle = stateChange(UpstreamState.IDLE);
        assertThat(Duration.between(lingering.at(), idle.at())).isGreaterThanOrEqualTo(Duration.ofMillis(700));

        TestClient next = attach(1).get(0);
        await().atMost(WAIT).until(() -> origin.openCount() == 1 && hub.upstreamState() == UpstreamState.OPEN);
        origin.publish("welcome back");
        await().atMost(WAIT).until(() -> next.texts().contains("welcome back"));
        assertThat(origin.acceptedCount()).isEqualTo(2);
    }

    @Test
    void aFrameLargerThanTheMaximumClosesOnlyThatClientWith1009() throws Exception {
        server.stop();
        server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", 0).hub("default", origin.uri()).settings(s -> s.maxFrameSize(1024)).build()).start();
        hub = server.hubs().find("default").orElseThrow();
        TestClient greedy = attach(1).get(0);
        TestClient polite = attach(1).get(0);
        await().atMost(WAIT).until(() -> hub.portCount() == 2 && hub.upstreamState() == UpstreamState.OPEN);

        greedy.sendText("x".repeat(4096));

        assertThat(greedy.closed().get(30, java.util.concurrent.TimeUnit.SECONDS).code()).isEqualTo(1009);
        origin.publish("still flowing");
        await().atMost(WAIT).until(() -> polite.texts().contains("still flowing"));
        assertThat(polite.isOpen()).isTrue();
        assertThat(origin.received().all()).isEmpty();
    }

    private HubEvent.UpstreamStateChanged stateChange(UpstreamState to) {
        return events.stream().filter(HubEvent.UpstreamStateChanged.class::isInstance)
                .map(HubEvent.UpstreamStateChanged.class::cast)
                .filter(e -> e.to() == to).reduce((first, second) -> second).orElseThrow();
    }
}
