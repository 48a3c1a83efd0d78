package dev.switchboard.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.transport.tck.ListenerRecorder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sending upstream over an SSE connection, through the post-url option. */
class SseSendTest extends SseOriginTest {


    private UpstreamConnection open(UpstreamRequest request, ListenerRecorder events) {
        UpstreamConnection connection = connections.connect(request, events);
        events.expectOpen();
        return connection;
    }

    @Test
    @DisplayName("without post-url the connection is receive-only: send() returns false")
    void receiveOnlySendReturnsFalse() {
        UpstreamConnection connection = open(request(origin.uri()).build(), new ListenerRecorder());
        assertThat(connection.send(Message.text("nowhere"))).isFalse();
    }

    @Test
    @DisplayName("with post-url, sends arrive in order, typed by kind, with the request headers")
    void postUrlSendsArriveInOrder() {
        UpstreamConnection connection = open(request(origin.uri()).header("Authorization", "Bearer t")
                .lastEventId("9").option("post-url", origin.postUrl()).build(), new ListenerRecorder());
        List<String> texts = IntStream.range(0, 20).mapToObj(i -> "up-" + i).collect(Collectors.toList());
        texts.forEach(text -> assertThat(connection.send(Message.text(text))).isTrue());
        assertThat(connection.send(Message.binary("raw".getBytes(StandardCharsets.UTF_8)))).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> origin.received().size() == 21);
        assertThat(origin.received().subList(0, 20)).isEqualTo(texts);
        assertThat(origin.received().get(20)).isEqualTo("raw");
        List<Headers> posts = origin.inboxRequests();
        assertThat(posts.get(0).getFirst("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(posts.get(20).getFirst("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(posts.get(0).getFirst("Authorization")).isEqualTo("Bearer t");
        assertThat(posts.get(0).containsKey("Last-Event-ID")).as("Last-Event-ID on a POST").isFalse();
    }

    @Test
    @DisplayName("send() returns false once the send queue is full")
    void fullQueueRefusesSends() {
        CountDownLatch gate = new CountDownLatch(1);
        origin.holdInbox(gate);
        try {
            UpstreamConnection connection = open(request(origin.uri()).option("post-url", origin.postUrl()).build(),
                    new ListenerRecorder());
            // One POST is held on the wire by the origin, then the queue fills up.
            assertThat(connection.send(Message.text("on the wire"))).isTrue();
            int accepted = 0;
            while (accepted <= PostSender.QUEUE_CAPACITY && connection.send(Message.text("queued-" + accepted))) {
                accepted++;
            }
            assertThat(accepted).as("messages queued behind the one on the wire")
                    .isBetween(PostSender.QUEUE_CAPACITY - 1, PostSender.QUEUE_CAPACITY);
        } finally {
            gate.countDown();
        }
    }

    @Test
    @DisplayName("a POST answered with an error fails the connection, naming post-url and the status")
    void failedPostFailsTheConnection() {
        origin.inboxStatus(500);
        ListenerRecorder events = new ListenerRecorder();
        UpstreamConnection connection = open(request(origin.uri()).option("post-url", origin.postUrl()).build(), events);
        assertThat(connection.send(Message.text("rejected"))).isTrue();
        assertThat(events.expectFailure())
                .hasMessageContaining("post-url " + origin.postUrl())
                .hasMessageContaining("HTTP 500");
        assertThat(connection.send(Message.text("after failure"))).isFalse();
    }
}
