package dev.switchboard.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamRefusedException;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.transport.tck.ListenerRecorder;
import dev.switchboard.transport.tck.RecordedEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the SSE transport makes of what a real SSE origin sends. */
class SseStreamTest extends SseOriginTest {

    private static final Duration QUIET = Duration.ofMillis(300);


    private UpstreamConnection open(UpstreamRequest request, ListenerRecorder events) {
        UpstreamConnection connection = connections.connect(request, events);
        events.expectOpen();
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.connectionCount() == 1);
        return connection;
    }

    @Test
    @DisplayName("events with id, event type and data reach onMessage in order")
    void eventsReachOnMessageInOrder() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        origin.publishRaw("id: 1\nevent: tick\ndata: first\n\n");
        origin.publishRaw("data: second\ndata: line two\n\n");
        origin.publishRaw("id: 3\ndata: third\n\n");

        List<Message> messages = events.expectMessages(3);
        assertThat(messages.get(0)).isEqualTo(Message.text("first").withEventId("1").withEventType("tick"));
        // EventSource keeps the last id for events without one, so a resume starts after them.
        assertThat(messages.get(1)).isEqualTo(Message.text("second\nline two").withEventId("1"));
        assertThat(messages.get(2)).isEqualTo(Message.text("third").withEventId("3"));
    }

    @Test
    @DisplayName("the GET carries Accept, the request headers, and Last-Event-ID when given")
    void requestHeadersAreSent() throws Exception {
        ListenerRecorder resuming = new ListenerRecorder();
        connections.connect(request(origin.uri()).header("X-Api-Key", "k-1").lastEventId("41").build(), resuming);
        resuming.expectOpen();
        Headers first = origin.streamRequests().poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.getFirst("Accept")).isEqualTo("text/event-stream");
        assertThat(first.getFirst("X-Api-Key")).isEqualTo("k-1");
        assertThat(first.getFirst("Last-Event-ID")).isEqualTo("41");

        ListenerRecorder fresh = new ListenerRecorder();
        connections.connect(request(origin.uri()).build(), fresh);
        fresh.expectOpen();
        Headers second = origin.streamRequests().poll(5, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        assertThat(second.containsKey("Last-Event-ID")).as("Last-Event-ID without a last event id").isFalse();
    }

    @Test
    @DisplayName("a status other than 200 fails, naming the status and the URL")
    void non200Fails() {
        URI uri = origin.uri("/status?code=503");
        ListenerRecorder events = new ListenerRecorder();
        connections.connect(request(uri).build(), events);
        assertThat(events.expectFailure())
                .isInstanceOfSatisfying(UpstreamRefusedException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining(origin.uri("/status") + "?code=***") // secret-looking parameters are hidden (an OAuth "code" is one)
                .hasMessageContaining("instead of 200 OK");
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("failure messages show the URL without its query, which may hold a token")
    void failureMessagesHideTheQuery() {
        ListenerRecorder events = new ListenerRecorder();
        connections.connect(request(origin.uri("/status?code=401&token=s3cret")).build(), events);
        assertThat(events.expectFailure())
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining(origin.uri("/status").toString() + "?code=***&token=***")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    @DisplayName("a Content-Type other than text/event-stream fails, naming it and the URL")
    void wrongContentTypeFails() {
        URI uri = origin.uri("/html");
        ListenerRecorder events = new ListenerRecorder();
        connections.connect(request(uri).build(), events);
        assertThat(events.expectFailure())
                .isInstanceOf(UpstreamRefusedException.class)
                .hasMessageContaining("Content-Type text/html")
                .hasMessageContaining(uri.toString())
                .hasMessageContaining("instead of text/event-stream");
    }

    @Test
    @DisplayName("204 No Content opens and closes at once with code 204: the upstream asks to stop")
    void noContentClosesWith204() {
        ListenerRecorder events = new ListenerRecorder();
        connections.connect(request(origin.uri("/no-content")).build(), events);
        events.expectOpen();
        RecordedEvent closed = events.expectClosed();
        assertThat(closed.code()).isEqualTo(204);
        assertThat(closed.reason()).isEqualTo("upstream asked to stop (204 No Content)");
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("the end of the body is onClosed(1000, \"end of stream\")")
    void endOfBodyCloses() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        origin.closeConnections();
        RecordedEvent closed = events.expectClosed();
        assertThat(closed.code()).isEqualTo(1000);
        assertThat(closed.reason()).isEqualTo("end of stream");
    }

    @Test
    @DisplayName("close() on an open stream is onClosed(1000, \"closed by the client\")")
    void clientCloseIsOnClosed() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events).close();
        RecordedEvent closed = events.expectClosed();
        assertThat(closed.code()).isEqualTo(1000);
        assertThat(closed.reason()).isEqualTo("closed by the client");
    }

    @Test
    @DisplayName("a silent origin fails after the heartbeat timeout, naming it as the read timeout")
    void silentOriginFailsNamingTheReadTimeout() {
        origin.keepAlive(false);
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        long since = System.nanoTime();
        assertThat(events.expectFailure())
                .hasMessageContaining("sent nothing for PT0.9S")
                .hasMessageContaining("heartbeatTimeout")
                .hasMessageContaining(origin.uri().toString());
        assertThat(Duration.ofNanos(System.nanoTime() - since))
                .as("time to fail; it must be the read timeout, not something sooner")
                .isGreaterThanOrEqualTo(HEARTBEAT_TIMEOUT.minusMillis(200));
    }

    @Test
    @DisplayName("comments keep a quiet stream alive past the read timeout")
    void commentsKeepTheStreamAlive() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        events.assertNoMoreEvents(HEARTBEAT_TIMEOUT.multipliedBy(3));
        origin.publish("still here");
        assertThat(events.expectMessage().text()).isEqualTo("still here");
    }

    @Test
    @DisplayName("retry: reaches the listener as retry advice, and bad values are ignored")
    void retryReachesTheListener() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        origin.publishRaw("retry: 5000\n\n");
        origin.publishRaw("retry: soon\nretry: 7000\ndata: with retry\n\n");
        assertThat(events.expectMessage().text()).isEqualTo("with retry");
        assertThat(events.retryAdvice()).as("onRetryAdvice calls")
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("lines ending in CR alone or in CRLF are read as EventSource reads them")
    void crAndCrlfAndBomOverTheWire() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        origin.publishRaw("id: 1\rdata: a\rdata: b\r\r");
        origin.publishRaw("event: tick\r\ndata: c\r\n\r\n");
        List<Message> messages = events.expectMessages(2);
        assertThat(messages.get(0)).isEqualTo(Message.text("a\nb").withEventId("1"));
        assertThat(messages.get(1)).isEqualTo(Message.text("c").withEventId("1").withEventType("tick"));
    }

    @Test
    @DisplayName("an event larger than maxMessageSize fails the connection, naming the limit")
    void oversizedEventFails() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).maxMessageSize(10).build(), events);
        origin.publish("small");
        assertThat(events.expectMessage().text()).isEqualTo("small");
        origin.publish("far too large for ten bytes");
        assertThat(events.expectFailure()).hasMessageContaining("more than maxMessageSize 10");
        origin.publish("after");
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("a 10 MiB single-line event at a 64 KiB limit fails at once, and the rest is never read")
    void tenMibLineFailsWithoutReadingIt() throws Exception {
        floodFails(0, "a line of more than maxMessageSize 65536 bytes");
    }

    @Test
    @DisplayName("a 10 MiB event of 1 KiB data lines at a 64 KiB limit fails at once, and the rest is never read")
    void tenMibEventFailsWithoutReadingIt() throws Exception {
        floodFails(1024, "an event with more than maxMessageSize 65536 bytes of data");
    }

    private void floodFails(int lineBytes, String what) throws Exception {
        long tenMib = 10L * 1024 * 1024;
        ListenerRecorder events = new ListenerRecorder();
        connections.connect(request(origin.uri("/flood?bytes=" + tenMib + "&line=" + lineBytes))
                .maxMessageSize(64 * 1024).build(), events);
        events.expectOpen();
        assertThat(events.expectFailure())
                .hasMessageContaining("upstream " + origin.uri("/flood") + "?bytes=" + tenMib + "&line=" + lineBytes + " sent " + what)
                .hasMessageContaining("Raise maxMessageSize");
        // The client closed the connection at the limit, so the origin's writes failed once the
        // socket buffers between them were full; it never got the whole event out.
        assertThat(origin.floodWritten().get(5, TimeUnit.SECONDS))
                .as("bytes the origin could write of a %d-byte event", tenMib).isLessThan(tenMib);
    }

    @Test
    @DisplayName("an abrupt drop mid-stream fails, naming the URL")
    void abruptDropFails() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        origin.dropConnections();
        assertThat(events.expectFailure()).hasMessageContaining("the event stream from upstream " + origin.uri() + " broke");
    }
}
