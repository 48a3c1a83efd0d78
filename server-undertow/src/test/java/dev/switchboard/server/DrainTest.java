package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Hub;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.RawSocketClient;
import dev.switchboard.testsupport.TestClient;
import java.io.IOException;
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
 * A graceful stop through the real server, held open by a client that does not read: while the
 * drain runs the listener still answers (a balancer must see {@code /readyz} turn 503, not time
 * out), new clients are refused (WebSocket: upgraded, then closed at once with 1013; SSE: a stream
 * that ends at once),
 * a reading client is told and then closed with 1001, and the
 * drain gives up at its timeout instead of waiting for the stalled client.
 */
class DrainTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerFixture fixture;
    private RawSocketClient stalled;

    @AfterEach
    void stop() throws IOException {
        if (stalled != null) {
            stalled.close();
        }
        fixture.close();
    }

    @Test
    void whileTheDrainWaitsProbesAnswerNewClientsAreRefusedAndReadersAreToldThenClosed() throws Exception {
        fixture = ServerFixture.start("default");
        Hub hub = fixture.hub("default");
        EnvelopeClient reader = fixture.connectEnvelope("default");
        reader.next("welcome");
        // A small receive window and no reads: its queue cannot empty, so the drain has to wait for it.
        stalled = RawSocketClient.connect(fixture.uri("default"), null, 4096);
        fixture.awaitReady("default", 2);
        String big = "x".repeat(64 * 1024);
        await().atMost(TestClient.WAIT).until(() -> {
            fixture.origin("default").publish(big);
            return hub.stats().deepestQueue() > 8;
        });

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> fixture.server().drain(Duration.ofSeconds(3)));

        List<JsonNode> told = reader.until(e -> e.path("shutdown").asBoolean(false));
        assertThat(told.get(told.size() - 1).path("type").asText()).isEqualTo("status");
        assertThat(drained).as("the drain still waits for the stalled client").isNotDone();
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("shutting down");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(hub.portCount()).isEqualTo(2);
        assertThat(lateAttach()).as("a WebSocket client arriving during the drain")
                .isEqualTo("closed 1013 hub 'default' is shutting down");
        HttpResponse<String> lateStream = get("/hubs/default/events");
        // An ended stream, not an error status: EventSource reconnects after an ended stream (through the
        // balancer, to an instance that is not draining) but gives up for good on a 503.
        assertThat(lateStream.statusCode()).as("an SSE client arriving during the drain").isEqualTo(200);
        assertThat(lateStream.body()).as("its stream ends at once, carrying nothing").isEmpty();
        assertThat(hub.portCount()).isEqualTo(2);

        assertThat(drained.get()).as("the drain reports that the stalled client was not flushed").isFalse();
        assertThat(reader.awaitClose().code()).isEqualTo(1001);
        assertThat(hub.portCount()).isZero();
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
