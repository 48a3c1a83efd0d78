package dev.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.cluster.redis.testing.RedisServer;
import dev.switchboard.hub.Hubs;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.hub.testing.InMemoryTransportProvider;
import dev.switchboard.hub.testing.RecordingPortConnection;
import dev.switchboard.hub.transport.TransportRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two cluster instances in one JVM (each its own Redis client, coordination thread and hubs),
 * one in-memory origin, a real redis-server. The end-to-end tests repeat this with processes.
 */
class ClusterRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private RedisServer redis;
    private InMemoryOrigin origin;
    private String prefix;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        origin = InMemoryOrigin.create("cluster-" + UUID.randomUUID());
        prefix = "relay-" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        origin.close();
        redis.close();
    }

    private Hub instance(String name, Duration linger) {
        RedisCluster cluster = RedisCluster.connect(redis.uri(),
                ClusterSettings.defaults().withKeyPrefix(prefix).withTiming(Duration.ofMillis(600), Duration.ofMillis(100)));
        open.add(cluster);
        Hub hub = cluster.hub(new HubPlan("h", origin.uri(), 100, Duration.ofMinutes(5), 64),
                () -> Hubs.builder("h").upstream(origin.uri()).settings(s -> s.linger(linger))
                        .transports(TransportRegistry.of(new InMemoryTransportProvider())));
        open.add(hub);
        return hub;
    }

    private static Attached attach(Hub hub, AttachOptions options) {
        RecordingPortConnection connection = new RecordingPortConnection();
        Port port = hub.attach(connection, options);
        return new Attached(port, connection);
    }

    private void publishWhenOpen(String... texts) {
        await("one origin connection").atMost(WAIT).until(() -> origin.connectionCount() == 1);
        for (String text : texts) {
            origin.publish(text);
        }
    }

    @Test
    void portsOnBothInstancesGetEveryMessageWithTheSameCursorsThroughOneOriginConnection() {
        Hub a = instance("a", Duration.ZERO);
        Hub b = instance("b", Duration.ZERO);
        Attached onA = attach(a, AttachOptions.live("a"));
        Attached onB = attach(b, AttachOptions.live("b"));
        publishWhenOpen("1", "2", "3");

        await().atMost(WAIT).until(() -> onA.connection.texts().size() == 3 && onB.connection.texts().size() == 3);
        assertThat(onA.connection.texts()).containsExactly("1", "2", "3");
        assertThat(onB.connection.messages()).extracting(m -> m.cursor().orElseThrow())
                .isEqualTo(onA.connection.messages().stream().map(m -> m.cursor().orElseThrow()).toList());
        assertThat(origin.acceptedCount()).as("origin connections ever opened").isEqualTo(1);
        assertThat(a.upstreamState()).isEqualTo(UpstreamState.OPEN);
    }

    @Test
    void aPortThatMovesToTheOtherInstanceResumesWithNoGapNoDuplicate() {
        Hub a = instance("a", Duration.ZERO);
        Hub b = instance("b", Duration.ZERO);
        Attached onA = attach(a, AttachOptions.live("a"));
        Attached keeper = attach(b, AttachOptions.live("keeper"));
        publishWhenOpen("1", "2", "3");
        await().atMost(WAIT).until(() -> onA.connection.texts().size() == 3);
        Cursor seen = onA.connection.messages().get(1).cursor().orElseThrow(); // saw "2"
        onA.port.end(EndReason.CLOSED, "the client went away");
        origin.publish("4");
        await().atMost(WAIT).until(() -> keeper.connection.texts().size() == 4);

        Attached moved = attach(b, AttachOptions.live("moved").resumingAfter(seen));
        origin.publish("5");

        await().atMost(WAIT).until(() -> moved.connection.texts().size() >= 3);
        assertThat(moved.connection.texts()).containsExactly("3", "4", "5");
        assertThat(moved.connection.itemsOf(Downstream.Gap.class)).isEmpty();
        assertThat(origin.acceptedCount()).isEqualTo(1);
    }

    @Test
    void aStartingInstanceServesResumesFromWhatTheStreamHolds() {
        Hub a = instance("a", Duration.ZERO);
        Attached onA = attach(a, AttachOptions.live("a"));
        publishWhenOpen("1", "2", "3");
        await().atMost(WAIT).until(() -> onA.connection.texts().size() == 3);
        Cursor first = onA.connection.messages().get(0).cursor().orElseThrow();

        Hub late = instance("late", Duration.ZERO);
        Attached resumed = attach(late, AttachOptions.live("r").resumingAfter(first));

        await().atMost(WAIT).until(() -> resumed.connection.texts().size() == 2);
        assertThat(resumed.connection.texts()).containsExactly("2", "3");
        assertThat(resumed.connection.itemsOf(Downstream.Gap.class)).isEmpty();
    }

    @Test
    void aLivePortOnAnInstanceThatStartsAfterAFullReplayGetsWhatFollows() {
        Hub a = instance("a", Duration.ZERO);
        Attached onA = attach(a, AttachOptions.live("a"));
        publishWhenOpen(java.util.stream.IntStream.range(0, 300).mapToObj(i -> "m" + i).toArray(String[]::new));
        await().atMost(WAIT).until(() -> onA.connection.texts().size() == 300);

        Hub late = instance("late", Duration.ZERO);
        Attached live = attach(late, AttachOptions.live("l"));
        origin.publish("x1");
        origin.publish("x2");

        await().atMost(WAIT).until(() -> live.connection.texts().size() == 2);
        assertThat(live.connection.texts()).containsExactly("x1", "x2");
    }

    @Test
    void sendsFromEitherInstanceReachTheOriginOnceAndInOrderPerPort() {
        Hub a = instance("a", Duration.ZERO);
        Hub b = instance("b", Duration.ZERO);
        Attached onA = attach(a, AttachOptions.live("a"));
        Attached onB = attach(b, AttachOptions.live("b"));
        publishWhenOpen();
        await().atMost(WAIT).until(() -> a.upstreamState() == UpstreamState.OPEN && b.upstreamState() == UpstreamState.OPEN);
        for (int i = 1; i <= 20; i++) {
            assertThat(onA.port.send(Message.text("a" + i)).toCompletableFuture().join().accepted()).isTrue();
            assertThat(onB.port.send(Message.text("b" + i)).toCompletableFuture().join().accepted()).isTrue();
        }

        await().atMost(WAIT).until(() -> origin.received().size() == 40);
        List<String> got = origin.received().stream().map(Message::text).toList();
        assertThat(got.stream().filter(t -> t.startsWith("a")).toList())
                .containsExactly(java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "a" + i).toArray(String[]::new));
        assertThat(got.stream().filter(t -> t.startsWith("b")).toList())
                .containsExactly(java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "b" + i).toArray(String[]::new));
    }

    @Test
    void whenTheLeaderLeavesAnotherTakesOverAndThePortsOnItLoseNothingOfTheStream() {
        Hub a = instance("a", Duration.ZERO);
        Attached onA = attach(a, AttachOptions.live("a"));
        publishWhenOpen("1");
        await().atMost(WAIT).until(() -> RedisCluster.isLeader(a));
        Hub b = instance("b", Duration.ZERO);
        Attached onB = attach(b, AttachOptions.live("b"));
        origin.publish("2");
        await().atMost(WAIT).until(() -> onB.connection.texts().contains("2"));

        a.close();
        await("b leads").atMost(WAIT).until(() -> RedisCluster.isLeader(b));
        await("the new leader's origin connection").atMost(WAIT).until(() -> origin.connectionCount() == 1);
        origin.publish("3");

        await().atMost(WAIT).until(() -> onB.connection.texts().contains("3"));
        assertThat(onB.connection.texts()).containsExactly("2", "3");
        List<Long> seqs = onB.connection.messages().stream().map(m -> m.cursor().orElseThrow().seq()).toList();
        assertThat(seqs.get(1)).isEqualTo(seqs.get(0) + 1);
        assertThat(onB.connection.itemsOf(Downstream.Gap.class)).isEmpty();
        assertThat(onA.port.ended()).isPresent();
        assertThat(origin.acceptedCount()).isEqualTo(2);
    }

    @Test
    void theOriginIsHeldOnlyWhileSomeInstanceHasAPort() {
        Hub a = instance("a", Duration.ZERO);
        Hub b = instance("b", Duration.ZERO);
        await().atMost(WAIT).until(() -> RedisCluster.isLeader(a) || RedisCluster.isLeader(b));
        assertThat(origin.acceptedCount()).as("no port anywhere: no origin connection").isZero();

        Hub follower = RedisCluster.isLeader(a) ? b : a;
        Attached port = attach(follower, AttachOptions.live("f"));
        await().atMost(WAIT).until(() -> origin.connectionCount() == 1);

        port.port.end(EndReason.DISCONNECT, "bye");
        await("the origin closes once no instance has a port").atMost(WAIT).until(() -> origin.connectionCount() == 0);
        assertThat(origin.acceptedCount()).isEqualTo(1);
    }

    @Test
    void redisRestartedWithItsDataKeepsThePortsAndTheStreamGoesOnWithoutAGap() {
        redis.close();
        redis = RedisServer.persistent();
        Hub a = instance("a", Duration.ZERO);
        Hub b = instance("b", Duration.ZERO);
        Attached onA = attach(a, AttachOptions.live("a"));
        Attached onB = attach(b, AttachOptions.live("b"));
        publishWhenOpen("1", "2");
        await().atMost(WAIT).until(() -> onB.connection.texts().size() == 2);

        redis.restart();
        await("a leader with an open origin again").atMost(WAIT).until(() ->
                (RedisCluster.isLeader(a) || RedisCluster.isLeader(b)) && origin.connectionCount() == 1
                        && a.upstreamState() == UpstreamState.OPEN && b.upstreamState() == UpstreamState.OPEN);
        // The origin connection may have been replaced (the leader stepped down while Redis was away): publish until it arrives.
        await().atMost(WAIT).until(() -> {
            origin.publish("after");
            return onA.connection.texts().contains("after") && onB.connection.texts().contains("after");
        });

        assertThat(onA.port.ended()).isEmpty();
        assertThat(onB.port.ended()).isEmpty();
        assertThat(onB.connection.texts().subList(0, 2)).containsExactly("1", "2");
        assertThat(onB.connection.itemsOf(Downstream.Gap.class)).as("Redis kept the stream: no gap").isEmpty();
        List<Long> seqs = onB.connection.messages().stream().map(m -> m.cursor().orElseThrow().seq()).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
    }

    @Test
    void redisRestartedWithoutItsDataStartsANewEpochAndPortsAreToldWithAGap() {
        Hub a = instance("a", Duration.ZERO);
        Attached onA = attach(a, AttachOptions.live("a"));
        publishWhenOpen("1");
        await().atMost(WAIT).until(() -> onA.connection.texts().size() == 1);

        redis.restart();
        await().atMost(WAIT).until(() -> {
            if (origin.connectionCount() == 1) {
                origin.publish("after");
            }
            return onA.connection.texts().contains("after");
        });

        assertThat(onA.port.ended()).isEmpty();
        assertThat(onA.connection.itemsOf(Downstream.Gap.class)).first()
                .extracting(Downstream.Gap::cause).isEqualTo(Downstream.Gap.Cause.UNKNOWN_CURSOR);
    }

    private record Attached(Port port, RecordingPortConnection connection) {
    }
}
