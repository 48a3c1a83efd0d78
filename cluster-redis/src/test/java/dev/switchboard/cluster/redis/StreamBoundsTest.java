package dev.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The stream keeps what the replay settings say, and an instance starting later reads the same cursors. */
class StreamBoundsTest extends OneRedisPerClass {

    private static ClusterKeys freshKeys() {
        return freshKeys("bounds-test-");
    }

    private static String lead(ClusterKeys keys) {
        return new LeaderLease(connection.sync(), keys, "a", Duration.ofMinutes(1)).tryAcquire().orElseThrow();
    }

    private static void appendAll(StreamAppender appender, String token, int count) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            all[i] = appender.append(token, Message.text("m" + (i + 1))).toCompletableFuture();
        }
        CompletableFuture.allOf(all).join();
    }

    @Test
    void theStreamIsTrimmedToAboutTheReplayCountAndASnapshotHoldsExactlyTheReplayCount() {
        ClusterKeys keys = freshKeys();
        String token = lead(keys);
        StreamAppender appender = new StreamAppender(connection.async(), keys, new StreamBounds(1500, Duration.ofHours(1)), () -> "ep1", Runnable::run);
        appendAll(appender, token, 4000);

        long length = connection.sync().xlen(keys.stream());
        assertThat(length).isBetween(1500L, 1700L);

        StreamSnapshot snapshot = StreamSnapshot.read(connection.sync(), keys, 1500, "unused");
        assertThat(snapshot.head()).isEqualTo(new Cursor("ep1", 4000));
        assertThat(snapshot.held()).hasSize(1500);
        assertThat(snapshot.held().get(0).cursor()).contains(new Cursor("ep1", 2501));
        assertThat(snapshot.held().get(0).text()).isEqualTo("m2501");
    }

    @Test
    void entriesOlderThanTheReplayAgeAreTrimmed() {
        ClusterKeys keys = freshKeys();
        String token = lead(keys);
        appendAll(new StreamAppender(connection.async(), keys, new StreamBounds(5000, Duration.ofHours(1)), () -> "ep1", Runnable::run), token, 500);
        StreamAppender young = new StreamAppender(connection.async(), keys, new StreamBounds(5000, Duration.ofMillis(1)), () -> "ep1", Runnable::run);

        // Once Redis's clock has moved past the old entries, the next append trims them (whole nodes: '~').
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            young.append(token, Message.text("new")).toCompletableFuture().join();
            return connection.sync().xlen(keys.stream()) < 100;
        });
    }

    @Test
    void aSnapshotOfAnEmptyStreamStartsTheEpochAndAllInstancesAgreeOnIt() {
        ClusterKeys keys = freshKeys();
        StreamSnapshot first = StreamSnapshot.read(connection.sync(), keys, 10, "firstEpoch");
        StreamSnapshot second = StreamSnapshot.read(connection.sync(), keys, 10, "otherEpoch");
        assertThat(first.head()).isEqualTo(new Cursor("firstEpoch", 0));
        assertThat(second.head()).isEqualTo(first.head());
        assertThat(first.lastId()).isEqualTo("0-0");

        String token = lead(keys);
        new StreamAppender(connection.async(), keys, new StreamBounds(10, Duration.ofHours(1)), () -> "third", Runnable::run)
                .append(token, Message.binary(new byte[] {0, 1, 2}).withEventId("e1")).toCompletableFuture().join();
        StreamSnapshot after = StreamSnapshot.read(connection.sync(), keys, 10, "x");
        assertThat(after.head()).isEqualTo(new Cursor("firstEpoch", 1));
        Message held = after.held().get(0);
        assertThat(held.isText()).isFalse();
        assertThat(held.toByteArray()).containsExactly(0, 1, 2);
        assertThat(held.eventId()).contains("e1");
    }
}
