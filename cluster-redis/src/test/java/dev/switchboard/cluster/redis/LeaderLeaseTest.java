package dev.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lease and its fencing, against a real redis-server. */
class LeaderLeaseTest extends OneRedisPerClass {

    private static ClusterKeys freshKeys() {
        return freshKeys("lease-test-");
    }

    @Test
    void onlyOneInstanceHoldsTheLeaseAndTheNextHolderGetsAHigherFence() {
        ClusterKeys keys = freshKeys();
        LeaderLease a = new LeaderLease(connection.sync(), keys, "a", Duration.ofSeconds(30));
        LeaderLease b = new LeaderLease(connection.sync(), keys, "b", Duration.ofSeconds(30));

        String tokenA = a.tryAcquire().orElseThrow();
        assertThat(b.tryAcquire()).isEmpty();
        assertThat(a.renew(tokenA)).isTrue();
        assertThat(b.renew("b:1")).isFalse();

        a.release(tokenA);
        String tokenB = b.tryAcquire().orElseThrow();
        assertThat(tokenA).isEqualTo("a:1");
        assertThat(tokenB).isEqualTo("b:2");
        assertThat(a.renew(tokenA)).as("the old holder cannot renew a lease that is no longer its own").isFalse();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldLeadersAppendsAreRefusedByRedis() {
        ClusterKeys keys = freshKeys();
        LeaderLease a = new LeaderLease(connection.sync(), keys, "a", Duration.ofMillis(200));
        LeaderLease b = new LeaderLease(connection.sync(), keys, "b", Duration.ofMillis(200));
        StreamAppender appender = new StreamAppender(connection.async(), keys, new StreamBounds(10, Duration.ofMinutes(1)), () -> "ep1", Runnable::run);
        String old = a.tryAcquire().orElseThrow();
        assertThat(appender.append(old, Message.text("while leading")).toCompletableFuture().join()).isEqualTo(1L);

        // A stops renewing (paused, partitioned): B takes over once the lease expires in Redis.
        String taken = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(b::tryAcquire, Optional::isPresent).orElseThrow();

        assertThat(appender.append(old, Message.text("stale")).toCompletableFuture().join())
                .as("the deposed leader's append is refused").isNull();
        assertThat(appender.append(taken, Message.text("new leader")).toCompletableFuture().join()).isEqualTo(2L);
        assertThat(connection.sync().xlen(keys.stream())).isEqualTo(2);
        assertThat(a.renew(old)).isFalse();
    }

    @Test
    void anAppendWithoutAnyLeaseIsRefused() {
        ClusterKeys keys = freshKeys();
        StreamAppender appender = new StreamAppender(connection.async(), keys, new StreamBounds(10, Duration.ofMinutes(1)), () -> "ep1", Runnable::run);
        assertThat(appender.append("nobody:1", Message.text("x")).toCompletableFuture().join()).isNull();
        assertThat(connection.sync().xlen(keys.stream())).isZero();
    }
}
