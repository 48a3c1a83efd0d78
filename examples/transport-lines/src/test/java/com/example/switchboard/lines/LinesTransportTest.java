package com.example.switchboard.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.transport.tck.ListenerRecorder;
import dev.switchboard.transport.tck.RecordedEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the kit does not check because it is particular to tcp+lines. */
class LinesTransportTest {

    private final LinesTransportProvider provider = new LinesTransportProvider();
    private final List<UpstreamConnection> connections = new ArrayList<>();
    private final List<ListenerRecorder> recorders = new ArrayList<>();
    private LinesTckOrigin origin;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = LinesTckOrigin.start();
    }

    @AfterEach
    void endEverything() throws Exception {
        connections.forEach(UpstreamConnection::cancel);
        recorders.forEach(recorder -> {
            assertThat(recorder.awaitFinal(Duration.ofSeconds(5))).as("a final callback after cancel()").isTrue();
            recorder.assertNoViolations();
        });
        origin.close();
    }

    private static UpstreamRequest.Builder request(URI uri) {
        return UpstreamRequest.builder(uri)
                .connectTimeout(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(300))
                .heartbeatTimeout(Duration.ofMillis(900));
    }

    private UpstreamConnection connect(UpstreamRequest request, ListenerRecorder events) {
        UpstreamConnection connection = provider.connect(request, events);
        events.expectConnection(connection);
        connections.add(connection);
        recorders.add(events);
        return connection;
    }

    private UpstreamConnection open(UpstreamRequest request, ListenerRecorder events) {
        UpstreamConnection connection = connect(request, events);
        events.expectOpen();
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.connectionCount() == 1);
        return connection;
    }

    @Test
    @DisplayName("CRLF and LF both end a line, and blank lines are keep-alives, not messages")
    void lineEndsAndKeepAlives() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        origin.publishRaw("first\r\n\r\n\nsecond\nthird é\n");
        assertThat(events.expectMessages(3)).extracting(Message::text).containsExactly("first", "second", "third é");
    }

    @Test
    @DisplayName("a line longer than maxMessageSize fails the connection, naming the limit; one at the limit passes")
    void longLineFails() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).maxMessageSize(16).build(), events);
        origin.publish("0123456789abcdef");
        assertThat(events.expectMessage().text()).isEqualTo("0123456789abcdef");
        origin.publish("0123456789abcdefX");
        assertThat(events.expectFailure())
                .hasMessageContaining("upstream " + origin.uri() + " sent a line longer than maxMessageSize 16 bytes")
                .hasMessageContaining("Raise maxMessageSize");
    }

    @Test
    @DisplayName("send() writes a line; it refuses binary, empty and multi-line messages, which a line cannot carry")
    void sendWritesOneLine() {
        UpstreamConnection connection = open(request(origin.uri()).build(), new ListenerRecorder());
        assertThat(connection.send(Message.binary("raw".getBytes(StandardCharsets.UTF_8)))).as("binary").isFalse();
        assertThat(connection.send(Message.text(""))).as("empty").isFalse();
        assertThat(connection.send(Message.text("two\nlines"))).as("with \\n").isFalse();
        assertThat(connection.send(Message.text("two\rlines"))).as("with \\r").isFalse();
        assertThat(connection.send(Message.text("hello ✓"))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.received().equals(List.of("hello ✓")));
    }

    @Test
    @DisplayName("an upstream that closes before its first line fails, saying it must send one")
    void closingBeforeTheFirstLineFails() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("tcp+lines://127.0.0.1:" + mute.getLocalPort());
            ListenerRecorder events = new ListenerRecorder();
            connect(request(uri).build(), events);
            try (Socket accepted = mute.accept()) {
                accepted.shutdownOutput(); // an orderly FIN, and not a byte before it
                assertThat(events.expectFailure())
                        .hasMessageContaining("upstream " + uri + " closed the connection before sending its first line")
                        .hasMessageContaining("a blank one will do");
            }
            assertThat(events.history()).as("callbacks").hasSize(1);
        }
    }

    @Test
    @DisplayName("callbacks come on one named daemon thread per connection")
    void callbacksComeOnANamedDaemonThread() {
        ListenerRecorder events = new ListenerRecorder();
        open(request(origin.uri()).build(), events);
        origin.publish("hello");
        events.expectMessage();
        List<String> threads = events.history().stream().map(RecordedEvent::thread).distinct().toList();
        assertThat(threads).as("threads that made callbacks").hasSize(1);
        assertThat(threads.get(0)).startsWith("transport-lines-127.0.0.1:" + origin.uri().getPort() + "-");
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.getName().equals(threads.get(0)))
                .singleElement().matches(Thread::isDaemon, "is a daemon");
    }

    @Test
    @DisplayName("validate() rejects a URI without a port, with a path, with headers, or with options, naming the fix")
    void validateNamesTheFix() {
        assertThatThrownBy(() -> provider.validate(request(URI.create("tcp+lines://feed.example.com")).build()))
                .hasMessageContaining("needs a host and a port")
                .hasMessageContaining("tcp+lines://feed.example.com:7000");
        assertThatThrownBy(() -> provider.validate(request(URI.create("tcp+lines://h:7000/feed?x=1")).build()))
                .hasMessageContaining("more than a host and a port")
                .hasMessageContaining("tcp+lines://h:7000");
        assertThatThrownBy(() -> provider.validate(request(URI.create("tcp+lines://h:7000")).header("Authorization", "k").build()))
                .hasMessageContaining("header 'Authorization'")
                .hasMessageContaining("plain TCP has no headers");
        assertThatThrownBy(() -> provider.validate(request(URI.create("tcp+lines://h:7000")).option("tls", "on").build()))
                .hasMessageContaining("unknown option 'tls'");
        assertThatThrownBy(() -> provider.validate(request(URI.create("tcp://h:7000")).build()))
                .hasMessageContaining("handles only the scheme tcp+lines");
    }
}
