package dev.switchboard.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testsupport.TestClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoOriginTest {

    private final ObjectMapper json = new ObjectMapper();
    private DemoOrigin demo;

    @BeforeEach
    void start() {
        demo = DemoOrigin.start(Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void listensOnLoopbackAtTicks() {
        assertThat(demo.uri().getScheme()).isEqualTo("ws");
        assertThat(demo.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(demo.uri().getPort()).isPositive();
        assertThat(demo.uri().getPath()).isEqualTo("/ticks");
    }

    @Test
    void publishesJsonTicksInSequence() throws Exception {
        try (TestClient client = TestClient.connect(demo.uri())) {
            JsonNode first = json.readTree(client.nextText());
            long previous = first.get("seq").asLong();
            for (int i = 0; i < 5; i++) {
                JsonNode tick = json.readTree(client.nextText());
                assertThat(tick.get("symbol").asText()).isEqualTo("SWB");
                assertThat(tick.get("price").isNumber()).isTrue();
                assertThat(tick.get("price").decimalValue()).isGreaterThanOrEqualTo(java.math.BigDecimal.ONE);
                assertThat(tick.get("seq").asLong()).isEqualTo(previous + 1);
                assertThat(Instant.parse(tick.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
                previous = tick.get("seq").asLong();
            }
        }
    }

    @Test
    void everyConnectionGetsTheTicks() throws Exception {
        try (TestClient one = TestClient.connect(demo.uri()); TestClient two = TestClient.connect(demo.uri())) {
            assertThat(json.readTree(one.nextText()).get("symbol").asText()).isEqualTo("SWB");
            assertThat(json.readTree(two.nextText()).get("symbol").asText()).isEqualTo("SWB");
        }
    }

    @Test
    void echoesTextAndBinary() throws Exception {
        try (TestClient client = TestClient.connect(demo.uri())) {
            client.sendText("hello origin");
            client.sendBinary(new byte[] {1, 2, 3});

            boolean sawText = false;
            boolean sawBinary = false;
            // Ticks keep coming between the echoes; each next() is bounded, so this cannot hang.
            for (int i = 0; i < 200 && !(sawText && sawBinary); i++) {
                Object message = client.next();
                if (message instanceof byte[] bytes) {
                    assertThat(bytes).containsExactly(1, 2, 3);
                    sawBinary = true;
                } else if ("hello origin".equals(message)) {
                    sawText = true;
                }
            }
            assertThat(sawText).isTrue();
            assertThat(sawBinary).isTrue();
        }
    }
}
