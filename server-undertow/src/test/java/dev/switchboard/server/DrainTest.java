package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Hub;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.RawSocketClient;
import dev.switchboard.testsupport.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop through the real server, held open by a client that does not read. Without an
 * accept grace the listening socket closes at once: a new TCP connection is refused, while a
 * connection opened before still answers ({@code /readyz} 503). With one, the listener keeps
 * answering for the grace (a balancer must see {@code /readyz} turn 503, not time out), new
 * clients are refused by the hubs (WebSocket: upgraded, then closed at once with 1013; SSE: a
 * stream that ends at once), and only then closes. Either way a reading client is told and then
 * closed with 1001, and the drain gives up at its timeout instead of waiting for the stalled client.
 */
class DrainTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerFixture fixture;
    private RawSocketClient stalled;
    private Socket keptAlive;

    @AfterEach
    void stop() throws IOException {
        if (stalled != null) {
            stalled.close();
        }
        if (keptAlive != null) {
            keptAlive.close();
        }
        fixture.close();
    }

    @Test
    void theListenerClosesAtOnceWhileOpenConnectionsDrain() throws Exception {
        Hub hub = startWithAStalledClient();
        EnvelopeClient reader = attachReader();
        keptAlive = new Socket("127.0.0.1", fixture.server().boundAddress().getPort());
        assertThat(requestOn(keptAlive, "/readyz")).startsWith("HTTP/1.1 200");
        assertThat(fixture.server().isAccepting()).isTrue();

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> fixture.server().drain(Duration.ofSeconds(3)));

        assertToldShutdown(reader);
        assertThat(drained).as("the drain still waits for the stalled client").isNotDone();
        assertThat(connect()).as("a new TCP connection during the drain").isEqualTo("refused");
        assertThat(fixture.server().isAccepting()).isFalse();
        assertThat(requestOn(keptAlive, "/readyz")).as("a connection opened before the drain")
                .startsWith("HTTP/1.1 503").contains("shutting down");
        assertThat(hub.portCount()).isEqualTo(2);

        assertGaveUpOnTheStalledClientAndClosed(drained, reader, hub);
    }

    @Test
    void withAnAcceptGraceProbesAnswerAndNewClientsAreRefusedUntilTheListenerCloses() throws Exception {
        Hub hub = startWithAStalledClient();
        EnvelopeClient reader = attachReader();
        Duration grace = Duration.ofSeconds(3);

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                () -> fixture.server().drain(Duration.ofSeconds(6), grace));

        assertToldShutdown(reader);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("shutting down");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(hub.portCount()).isEqualTo(2);
        assertThat(lateAttach()).as("a WebSocket client arriving during the grace")
                .isEqualTo("closed 1013 hub 'default' is shutting down");
        HttpResponse<String> lateStream = get("/hubs/default/events");
        // An ended stream, not an error status: EventSource reconnects after an ended stream (through the
        // balancer, to an instance that is not draining) but gives up for good on a 503.
        assertThat(lateStream.statusCode()).as("an SSE client arriving during the grace").isEqualTo(200);
        assertThat(lateStream.body()).as("its stream ends at once, carrying nothing").isEmpty();
        assertThat(hub.portCount()).isEqualTo(2);
        assertThat(fixture.server().isAccepting()).as("still within the grace").isTrue();

        await().atMost(grace.plus(TestClient.WAIT)).until(() -> connect().equals("refused"));
        assertThat(drained).as("the drain still waits for the stalled client after the grace").isNotDone();

        assertGaveUpOnTheStalledClientAndClosed(drained, reader, hub);
    }

    /** A second client, one that reads, beside the stalled one. */
    private EnvelopeClient attachReader() throws Exception {
        EnvelopeClient reader = fixture.connectEnvelope("default");
        reader.next("welcome");
        fixture.awaitReady("default", 2);
        return reader;
    }

    private static void assertToldShutdown(EnvelopeClient reader) throws Exception {
        List<JsonNode> told = reader.until(e -> e.path("shutdown").asBoolean(false));
        assertThat(told.get(told.size() - 1).path("type").asText()).isEqualTo("status");
    }

    /** The drain gave up at its timeout on the stalled client, then closed both ports. */
    private static void assertGaveUpOnTheStalledClientAndClosed(CompletableFuture<Boolean> drained, EnvelopeClient reader,
                                                                Hub hub) throws Exception {
        assertThat(drained.get()).as("the drain reports that the stalled client was not flushed").isFalse();
        assertThat(reader.awaitClose().code()).isEqualTo(1001);
        assertThat(hub.portCount()).isZero();
    }

    /** A server whose hub has a client that does not read and a queue that cannot empty, so a drain must wait for it. */
    private Hub startWithAStalledClient() throws Exception {
        fixture = ServerFixture.start("default");
        Hub hub = fixture.hub("default");
        // A small receive window and no reads: its queue cannot empty, so the drain has to wait for it.
        stalled = RawSocketClient.connect(fixture.uri("default"), null, 4096);
        fixture.awaitReady("default", 1);
        String big = "x".repeat(64 * 1024);
        await().atMost(TestClient.WAIT).until(() -> {
            fixture.origin("default").publish(big);
            return hub.stats().deepestQueue() > 8;
        });
        return hub;
    }

    /** "connected" or "refused": whether a new TCP connection to the listener is accepted. */
    private String connect() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", fixture.server().boundAddress().getPort()), 2000);
            return "connected";
        } catch (ConnectException refused) {
            return "refused";
        }
    }

    /** One HTTP/1.1 request on an open connection; the status line, the headers and the body. */
    private static String requestOn(Socket socket, String path) throws IOException {
        socket.setSoTimeout((int) TestClient.WAIT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed after " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, StandardCharsets.UTF_8);
    }

    /** What a new WebSocket client gets. */
    private String lateAttach() throws Exception {
        try (RawSocketClient late = RawSocketClient.connect(fixture.uri("default"))) {
            RawSocketClient.Frame frame = late.readFrame();
            return frame.opcode() == 0x8
                    ? "closed " + frame.closeCode() + " " + new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8)
                    : "a frame with opcode " + frame.opcode();
        } catch (IOException refusedBeforeUpgrade) {
            return refusedBeforeUpgrade.getMessage();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(fixture.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
