package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.RawSocketClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Many clients racing for the last places of a hub: the hub's {@code max-ports} is never
 * exceeded, and every client that does not get a place is told why, before the upgrade (503)
 * or, when it lost the race after the door let it through, straight after it (1013). The
 * clients start together behind a barrier so that both paths are taken; which one a given
 * client meets is the race's business, what each one gets is not.
 */
class ConcurrentAttachLimitTest {

    private static final int PLACES = 3;
    private static final int CLIENTS = 24;

    private ServerFixture fixture;
    private final List<RawSocketClient> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawSocketClient client : open) {
            client.close();
        }
        fixture.close();
    }

    @RepeatedTest(5)
    void theLimitHoldsAndEveryRefusedClientIsToldWhy() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.maxPorts(PLACES)), "default");
        URI uri = fixture.uri("default");
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                outcomes.add(pool.submit((Callable<String>) () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return attach(uri);
                }));
            }
            List<String> seen = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                seen.add(outcome.get(30, TimeUnit.SECONDS));
            }

            assertThat(seen).filteredOn("attached"::equals).as("clients holding a place: %s", seen).hasSize(PLACES);
            assertThat(seen).filteredOn(o -> !o.equals("attached")).as("every other client is told why")
                    .hasSize(CLIENTS - PLACES)
                    .allSatisfy(o -> assertThat(o).matches(
                            "(refused before the upgrade: HTTP/1.1 503 .*Retry-After: 5.*|closed 1013 hub 'default' is full: .*)"));
            assertThat(fixture.hub("default").portCount()).isEqualTo(PLACES);
        } finally {
            pool.shutdownNow();
        }
    }

    /** "attached", "refused before the upgrade: STATUS LINE … BODY", or "closed CODE REASON". */
    private String attach(URI uri) throws IOException {
        RawSocketClient client;
        try {
            client = RawSocketClient.connect(uri);
        } catch (IOException refused) {
            return "refused before the upgrade: " + refused.getMessage().replace("handshake refused: ", "").replaceAll("\\s+", " ");
        }
        // A client that got a place hears nothing in raw mode until the origin publishes; one that lost
        // the race is closed at once. Ask the server to answer: a ping gets a pong only on a live port.
        client.writePing();
        RawSocketClient.Frame frame = client.readFrame();
        if (frame.opcode() == 0x8) {
            client.close();
            return "closed " + frame.closeCode() + " " + new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8);
        }
        open.add(client);
        return frame.opcode() == 0xA ? "attached" : "a frame with opcode " + frame.opcode();
    }
}
