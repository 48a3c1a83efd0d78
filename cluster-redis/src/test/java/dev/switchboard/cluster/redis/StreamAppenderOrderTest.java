package dev.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import io.lettuce.core.Range;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Appends reach the stream in the order they were made even when, as in the hub's outbox, the
 * next one is made on the connection's own event-loop thread (in the completion of an earlier
 * one) just after another thread made one: a command issued on that thread is written at once,
 * ahead of what other threads queued for it, unless every append goes through one dispatch thread.
 */
class StreamAppenderOrderTest extends OneRedisPerClass {

    private final ExecutorService dispatch = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        dispatch.shutdownNow();
    }

    @Test
    void anAppendMadeOnTheConnectionsThreadDoesNotOvertakeOneAnotherThreadMadeBefore() {
        ClusterKeys keys = freshKeys("order-test-");
        String token = new LeaderLease(connection.sync(), keys, "a", Duration.ofMinutes(1)).tryAcquire().orElseThrow();
        StreamAppender appender = new StreamAppender(connection.async(), keys, new StreamBounds(10, Duration.ofHours(1)),
                () -> "ep1", dispatch);

        appender.append(token, Message.text("first")).thenAccept(seq -> {
            // On the connection's event loop, which stays busy here: "second" can only be queued for it.
            Thread other = new Thread(() -> appender.append(token, Message.text("second")));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            appender.append(token, Message.text("third"));
        }).toCompletableFuture().join();

        await().atMost(Duration.ofSeconds(10)).until(() -> connection.sync().xlen(keys.stream()) == 3);
        List<String> texts = connection.sync().xrange(keys.stream(), Range.create("-", "+")).stream()
                .map(entry -> StreamEntries.relayed(entry.getBody()).text()).toList();
        assertThat(texts).containsExactly("first", "second", "third");
    }
}
