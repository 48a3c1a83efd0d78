package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Message;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.RawSocketClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's pings, written by the connection's own writer as a shared frame, read on the
 * wire: each is a whole, empty ping (opcode 9, no payload), and pings that go out between a
 * burst of deliveries split no frame and reorder nothing.
 */
class PingFramesTest {

    private static final int PING = 0x9;
    private static final int TEXT = 0x1;

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aQuietClientGetsWholeEmptyPings() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.portHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(10))),
                "default");
        try (RawSocketClient client = RawSocketClient.connect(fixture.uri("default"))) {
            for (int i = 0; i < 3; i++) {
                RawSocketClient.Frame frame = client.readFrame();
                assertThat(frame.opcode()).as("frame %d", i).isEqualTo(PING);
                assertThat(frame.payload()).isEmpty();
            }
        }
    }

    @Test
    void pingsBetweenDeliveriesSplitNoFrameAndReorderNothing() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.portHeartbeat(Duration.ofMillis(5), Duration.ofSeconds(10))),
                "default");
        int messages = 2_000; // below the port queue (4,096 by default), so the burst never meets the slow-port policy
        try (RawSocketClient client = RawSocketClient.connect(fixture.uri("default"))) {
            fixture.awaitReady("default", 1);
            String padding = "x".repeat(300);
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < messages; i++) {
                    fixture.origin("default").publish(Message.text(i + " " + padding));
                }
            });
            publisher.start();
            List<Integer> received = new ArrayList<>();
            int pings = 0;
            while (received.size() < messages) {
                RawSocketClient.Frame frame = client.readFrame();
                if (frame.opcode() == PING) {
                    assertThat(frame.payload()).isEmpty();
                    pings++;
                } else {
                    assertThat(frame.opcode()).isEqualTo(TEXT);
                    String text = new String(frame.payload(), StandardCharsets.UTF_8);
                    assertThat(text).endsWith(" " + padding);
                    received.add(Integer.parseInt(text.substring(0, text.indexOf(' '))));
                }
            }
            publisher.join();
            for (int i = 0; i < messages; i++) {
                assertThat(received.get(i)).as("message %d in order", i).isEqualTo(i);
            }
            assertThat(pings).as("pings read among the messages").isPositive();
        }
    }
}
