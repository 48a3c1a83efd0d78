package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.EnvelopeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Send ids through the real server: a huge one is not echoed, an out-of-range number is not turned into text. */
class BadIdsTest {

    private final ServerFixture fixture = ServerFixture.start("default");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aHalfMegabyteIdIsRefusedWithoutBeingEchoed() throws Exception {
        EnvelopeClient client = fixture.connectEnvelope("default");
        client.next("welcome");
        client.send("{\"type\":\"send\",\"id\":\"" + "x".repeat(500_000) + "\",\"data\":\"m\"}");
        JsonNode error = nextReply(client, "error");
        assertThat(error.path("code").asText()).isEqualTo("bad-id");
        assertThat(error.has("ref")).isFalse();
        assertThat(error.toString()).hasSizeLessThan(400).contains("limit of 128");
        assertThat(fixture.origin("default").received()).isEmpty();
    }

    @Test
    void anIdBeyondTheSafeRangeIsRefusedAndASafeOneIsAckedAsItsDigits() throws Exception {
        EnvelopeClient client = fixture.connectEnvelope("default");
        client.next("welcome");
        fixture.awaitReady("default", 1);
        client.send("{\"type\":\"send\",\"id\":1e400,\"data\":\"m\"}");
        JsonNode error = nextReply(client, "error");
        assertThat(error.path("code").asText()).isEqualTo("bad-id");
        assertThat(error.toString()).doesNotContain("Infinity");

        client.send("{\"type\":\"send\",\"id\":9007199254740991,\"data\":\"m\"}");
        assertThat(nextReply(client, "ack").path("ref").asText()).isEqualTo("9007199254740991");
    }

    /** The next envelope that is neither a status nor a ping, which must be of {@code type}. */
    private static JsonNode nextReply(EnvelopeClient client, String type) throws InterruptedException {
        JsonNode envelope;
        do {
            envelope = client.next();
        } while (envelope.path("type").asText().equals("status") || envelope.path("type").asText().equals("ping"));
        assertThat(envelope.path("type").asText()).as(envelope.toString()).isEqualTo(type);
        return envelope;
    }
}
