package dev.switchboard.server.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SSE ports through the real server, read by a real EventSource client (OkHttp's). */
class SsePortTest {

    private final List<SseClient> clients = new ArrayList<>();
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        clients.forEach(SseClient::close);
        if (fixture != null) {
            fixture.close();
        }
    }

    private SseClient connect(String query, Map<String, String> headers) {
        SseClient client = SseClient.connect(fixture.http("/hubs/default/events" + query), headers);
        clients.add(client);
        return client;
    }

    private SseClient connect() {
        return connect("", Map.of());
    }

    /** Connects and reads the welcome, so that whatever the origin publishes next reaches the client. */
    private SseClient connectReady() throws Exception {
        SseClient client = connect();
        client.next("welcome");
        fixture.awaitReady("default", clients.size());
        return client;
    }

    @Test
    void streamIsAnEventStreamThatStartsWithTheWelcome() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient client = connect();

        Response response = client.response();
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/event-stream");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.header("X-Accel-Buffering")).isEqualTo("no");

        SseClient.Event welcome = client.next("welcome");
        assertThat(welcome.id()).isNull();
        JsonNode json = welcome.json();
        assertThat(json.get("type").asText()).isEqualTo("welcome");
        assertThat(json.get("hub").asText()).isEqualTo("default");
        assertThat(fixture.hub("default").port(json.get("port").asText())).isPresent();
        assertThat(json.get("cursor").asText()).isEqualTo(fixture.hub("default").head().toString());
        assertThat(json.get("heartbeat").asLong()).isEqualTo(15000);
        assertThat(json.get("state").asText()).isIn("IDLE", "CONNECTING", "OPEN");
    }

    @Test
    void messagesCarryTheirCursorAsIdInOrder() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient client = connectReady();
        InMemoryOrigin origin = fixture.origin("default");
        String epoch = fixture.hub("default").head().epoch();
        byte[] bytes = {0, 1, 2, (byte) 0x80, (byte) 0xFF, 10, 13};
        List<String> texts = List.of(
                "{\"symbol\":\"SWB\",\"price\":101.25}",
                "two\nlines",
                "blank\n\nline in the middle",
                "trailing newline\n",
                "\nleading newline",
                " leading space and  double  spaces ",
                "data: looks like a field\nid: 7\nevent: x\n: comment",
                "héllo ✓ ünïcode");

        texts.forEach(origin::publish);
        origin.publish(Message.binary(bytes));
        origin.publish("last");

        for (int i = 0; i < texts.size(); i++) {
            SseClient.Event event = client.next(null);
            assertThat(event.id()).isEqualTo(new Cursor(epoch, i + 1).toString());
            assertThat(event.data()).isEqualTo(texts.get(i));
        }
        SseClient.Event binary = client.next("binary");
        assertThat(binary.id()).isEqualTo(new Cursor(epoch, texts.size() + 1).toString());
        assertThat(Base64.getDecoder().decode(binary.data())).containsExactly(bytes);
        SseClient.Event last = client.next(null);
        assertThat(last.id()).isEqualTo(new Cursor(epoch, texts.size() + 2).toString());
        assertThat(last.data()).isEqualTo("last");
    }

    @Test
    void carriageReturnLineEndsArriveAsLineFeeds() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient client = connectReady();

        fixture.origin("default").publish("crlf\r\ncr\rlf\nend\r\n");

        assertThat(client.next(null).data()).isEqualTo("crlf\ncr\nlf\nend\n");
    }

    @Test
    void upstreamDropIsShownAsStatusEvents() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.backoff(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(60))),
                "default");
        SseClient client = connectReady();
        String state = "";
        while (!state.equals("OPEN")) {
            state = client.next("status").json().get("state").asText(); // the first connect
        }

        fixture.origin("default").dropConnections();

        List<String> states = new ArrayList<>();
        while (!states.contains("OPEN")) {
            SseClient.Event status = client.next("status");
            assertThat(status.id()).isNull();
            JsonNode json = status.json();
            assertThat(json.get("type").asText()).isEqualTo("status");
            assertThat(json.has("detail")).isTrue();
            states.add(json.get("state").asText());
        }
        assertThat(states).startsWith("BACKOFF").contains("CONNECTING").endsWith("OPEN");

        fixture.origin("default").publish("after the reconnect");
        assertThat(client.next(null).data()).isEqualTo("after the reconnect");
    }

    @Test
    void resumeWithLastEventIdHeaderGetsExactlyTheMissedMessagesThenLive() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient first = connectReady();
        InMemoryOrigin origin = fixture.origin("default");
        for (int i = 1; i <= 5; i++) {
            origin.publish("m" + i);
        }
        SseClient.Event seen = first.next(null);
        assertThat(seen.data()).isEqualTo("m1");
        first.next(null);
        SseClient.Event lastSeen = first.next(null);
        assertThat(lastSeen.data()).isEqualTo("m3");
        first.close();
        clients.remove(first);

        SseClient resumed = connect("", Map.of("Last-Event-ID", lastSeen.id()));
        resumed.next("welcome");
        assertThat(resumed.next(null).data()).isEqualTo("m4");
        assertThat(resumed.next(null).data()).isEqualTo("m5");
        origin.publish("m6");
        SseClient.Event live = resumed.next(null);
        assertThat(live.data()).isEqualTo("m6");
        assertThat(live.id()).isEqualTo(fixture.hub("default").head().toString());
        assertThat(resumed.hasEvent()).isFalse();
    }

    @Test
    void resumeWithLastEventIdQueryParameterGetsExactlyTheMissedMessagesThenLive() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient first = connectReady();
        InMemoryOrigin origin = fixture.origin("default");
        origin.publish("m1");
        origin.publish("m2");
        String after = first.next(null).id();
        assertThat(first.next(null).data()).isEqualTo("m2");

        SseClient resumed = connect("?lastEventId=" + after, Map.of());
        resumed.next("welcome");
        assertThat(resumed.next(null).data()).isEqualTo("m2");
        fixture.awaitReady("default", 2);
        origin.publish("m3");
        assertThat(resumed.next(null).data()).isEqualTo("m3");
        assertThat(first.next(null).data()).isEqualTo("m3");
        assertThat(resumed.hasEvent()).isFalse();
    }

    @Test
    void headerWinsOverQueryParameter() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient first = connectReady();
        InMemoryOrigin origin = fixture.origin("default");
        origin.publish("m1");
        origin.publish("m2");
        String afterFirst = first.next(null).id();
        String afterSecond = first.next(null).id();

        SseClient resumed = connect("?lastEventId=" + afterFirst, Map.of("Last-Event-ID", afterSecond));
        resumed.next("welcome");
        fixture.awaitReady("default", 2);
        origin.publish("m3");

        assertThat(resumed.next(null).data()).isEqualTo("m3");
    }

    @Test
    void cursorFromAnotherEpochGetsAGap() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient client = connect("?lastEventId=otherepoch:5", Map.of());

        client.next("welcome");
        JsonNode gap = client.next("gap").json();

        assertThat(gap.get("cause").asText()).isEqualTo("unknown-cursor");
        assertThat(gap.get("after").asText()).isEqualTo("otherepoch:5");
    }

    @Test
    void badCursorGetsAnErrorEventThenLiveMessages() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient client = connect("", Map.of("Last-Event-ID", "not a cursor"));

        client.next("welcome");
        JsonNode error = client.next("error").json();
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).isEqualTo("bad-cursor");
        assertThat(error.get("message").asText()).contains("'not a cursor'").contains("live");

        fixture.awaitReady("default", 1);
        fixture.origin("default").publish("live");
        assertThat(client.next(null).data()).isEqualTo("live");
    }

    @Test
    void clientThatHangsUpEndsItsPortWithClosed() throws Exception {
        fixture = ServerFixture.start("default");
        List<HubEvent.PortEnded> ended = new CopyOnWriteArrayList<>();
        fixture.hub("default").addListener(event -> {
            if (event instanceof HubEvent.PortEnded e) {
                ended.add(e);
            }
        });
        SseClient stays = connectReady();
        SseClient leaves = connectReady();
        fixture.awaitReady("default", 2);

        leaves.close();

        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 1);
        await().atMost(TestClient.WAIT).until(() -> ended.size() == 1);
        assertThat(ended.get(0).end().reason()).isIn(EndReason.CLOSED, EndReason.ERROR);
        fixture.origin("default").publish("still here");
        assertThat(stays.next(null).data()).isEqualTo("still here");
    }

    @Test
    void heartbeatIsACommentThatKeepsTheStreamAlive() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.portHeartbeat(Duration.ofMillis(100), Duration.ofSeconds(2))), "default");
        List<EndReason> ended = new CopyOnWriteArrayList<>();
        fixture.hub("default").addListener(event -> {
            if (event instanceof HubEvent.PortEnded e) {
                ended.add(e.end().reason());
            }
        });
        AtomicInteger pings = new AtomicInteger();
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(fixture.http("/hubs/default/events")).build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(TestClient.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(line -> {
                    lines.add(line);
                    if (line.equals(": ping")) {
                        pings.incrementAndGet();
                    }
                });
            } catch (UncheckedIOException closedByTheTest) {
                // the test closes the stream when it has seen enough
            }
        }, "sse-line-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            // 30 heartbeats outlast the timeout by half: the written pings count as signs of life.
            await().atMost(TestClient.WAIT).until(() -> pings.get() >= 30 || !ended.isEmpty());

            assertThat(ended).isEmpty();
            assertThat(lines.get(0)).isEqualTo("event: welcome");
            assertThat(fixture.hub("default").portCount()).isEqualTo(1);
        } finally {
            response.body().close();
        }
    }

    @Test
    void clientThatStopsReadingIsEndedOnceItsWritesStall() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.portHeartbeat(Duration.ofMillis(100), Duration.ofSeconds(1))), "default");
        List<EndReason> ended = new CopyOnWriteArrayList<>();
        fixture.hub("default").addListener(event -> {
            if (event instanceof HubEvent.PortEnded e) {
                ended.add(e.end().reason());
            }
        });
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", fixture.server().boundAddress().getPort()));
            stalled.getOutputStream().write(("GET /hubs/default/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            fixture.awaitReady("default", 1);

            // Far more than the socket buffers hold: the writes stall, and the client is never read from again.
            Message big = Message.text("x".repeat(64 * 1024));
            for (int i = 0; i < 400 && ended.isEmpty(); i++) {
                fixture.origin("default").publish(big);
            }

            await().atMost(TestClient.WAIT).until(() -> !ended.isEmpty());
            assertThat(ended).containsExactly(EndReason.TIMEOUT);
            assertThat(fixture.hub("default").portCount()).isZero();
        }
    }

    @Test
    void serverStopEndsTheStream() throws Exception {
        fixture = ServerFixture.start("default");
        SseClient client = connectReady();

        fixture.server().stop();

        assertThat(client.awaitEnd()).isNotNull();
    }

    @Test
    void unknownHubIs404() throws Exception {
        fixture = ServerFixture.start("default");

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(fixture.http("/hubs/nope/events")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no hub of that name on this server; known hubs: default\n");
    }
}
