package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.HubEvent;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.server.security.HubAccess;
import dev.switchboard.server.security.SecurityConfig;
import dev.switchboard.server.security.SendRate;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.RawSocketClient;
import dev.switchboard.testsupport.TestClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that pipelines many sends, each with an id, in one write, and reads every reply: the
 * server slows it down by reading less, and acks every send; it never ends it.
 */
class BurstSendsTest {

    private final List<HubEvent> events = new CopyOnWriteArrayList<>();
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(SendRate rate) {
        fixture = ServerFixture.start(config -> config.security(SecurityConfig.builder()
                .hubs(HubAccess.defaults().withSendRate(rate)).build()), "default");
        fixture.hub("default").addListener(events::add);
    }

    @ParameterizedTest(name = "{0} pipelined sends")
    @ValueSource(ints = {100, 1000, 10_000})
    void aClientThatReadsGetsAnAckForEverySend(int sends) throws Exception {
        start(new SendRate(0, 0, SendRate.Policy.REFUSE)); // no rate limit: this is about replies, not the rate
        try (RawSocketClient client = RawSocketClient.connect(fixture.uri("default"), "switchboard.v1", 0)) {
            assertThat(next(client).path("type").asText()).isEqualTo("welcome");
            fixture.awaitReady("default", 1);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < sends; i++) {
                        client.writeText("{\"type\":\"send\",\"id\":\"s" + i + "\",\"data\":\"m" + i + "\"}");
                    }
                    client.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "pipeliner");
            writer.start();
            int acks = 0;
            while (acks < sends) {
                JsonNode envelope = next(client);
                String type = envelope.path("type").asText();
                assertThat(type).as("envelope %s after %d acks", envelope, acks).isIn("ack", "status", "ping");
                if (type.equals("ack")) {
                    assertThat(envelope.path("ref").asText()).isEqualTo("s" + acks);
                    acks++;
                }
            }
            writer.join(TestClient.WAIT.toMillis());
            assertThat(acks).isEqualTo(sends);
            await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == sends);
            assertThat(events).noneMatch(e -> e instanceof HubEvent.PortEnded);
        }
    }

    @Test
    void theDefaultSendRateStillLetsABurstOf100Through() throws Exception {
        start(SendRate.defaults());
        try (EnvelopeClient client = fixture.connectEnvelope("default")) {
            client.next("welcome");
            fixture.awaitReady("default", 1);
            for (int i = 0; i < 100; i++) {
                client.sendText("{\"type\":\"send\",\"id\":\"b" + i + "\",\"data\":\"m\"}");
            }
            int acks = 0;
            while (acks < 100) {
                JsonNode envelope = client.next();
                assertThat(envelope.path("type").asText()).as("%s after %d acks", envelope, acks).isIn("ack", "status");
                if (envelope.path("type").asText().equals("ack")) {
                    assertThat(envelope.path("ref").asText()).isEqualTo("b" + acks++);
                }
            }
        }
    }

    private static JsonNode next(RawSocketClient client) throws Exception {
        while (true) {
            RawSocketClient.Frame frame = client.readFrame();
            assertThat(frame.opcode()).as("not a close frame").isNotEqualTo(0x8);
            if (frame.opcode() == 0x1) {
                return EnvelopeClient.JSON.readTree(new String(frame.payload(), StandardCharsets.UTF_8));
            }
        }
    }
}
