package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.RawSocketClient;
import dev.switchboard.testsupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pongs from a client, read without Undertow's buffered messages: empty ones and ones with the
 * most payload a control frame may carry, many in one write, and one whose payload arrives in a
 * later write. The frames after them are still read in step, and the port stays attached.
 */
class ClientPongsTest {

    private final List<HubEvent> events = new CopyOnWriteArrayList<>();
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A whole client frame: FIN, {@code opcode}, masked with a zero key, payload under 126 bytes. */
    private static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.writeBytes(new byte[4]);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    private static byte[] pong(byte[] payload) {
        return frame(0xA, payload);
    }

    private static byte[] text(String text) {
        return frame(0x1, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void manyPongsInOneWriteLeaveTheFramesAfterThemInStep() throws Exception {
        fixture = ServerFixture.start("default");
        fixture.hub("default").addListener(events::add);
        try (RawSocketClient client = RawSocketClient.connect(fixture.uri("default"))) {
            fixture.awaitReady("default", 1);
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            byte[] full = new byte[125];
            Arrays.fill(full, (byte) 'p');
            for (int i = 0; i < 1_000; i++) {
                burst.writeBytes(pong(i % 2 == 0 ? new byte[0] : full));
                if (i % 100 == 99) {
                    burst.writeBytes(text("after pong " + i));
                }
            }
            client.write(burst.toByteArray());

            await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == 10);
            assertThat(fixture.origin("default").received()).extracting(Message::text)
                    .containsExactly("after pong 99", "after pong 199", "after pong 299", "after pong 399", "after pong 499",
                            "after pong 599", "after pong 699", "after pong 799", "after pong 899", "after pong 999");
            assertThat(events).noneMatch(e -> e instanceof HubEvent.PortEnded);
        }
    }

    @Test
    void aPongWhosePayloadComesInALaterWriteIsReadWhole() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.portHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(10))),
                "default");
        fixture.hub("default").addListener(events::add);
        try (RawSocketClient client = RawSocketClient.connect(fixture.uri("default"))) {
            fixture.awaitReady("default", 1);
            byte[] payload = new byte[100];
            Arrays.fill(payload, (byte) 'q');
            byte[] frame = pong(payload);
            client.write(Arrays.copyOf(frame, 10)); // the header, the mask and 4 bytes of payload
            // Two heartbeat pings read back show the server's I/O thread ran since: it has read the first part.
            assertThat(client.readFrame().opcode()).isEqualTo(0x9);
            assertThat(client.readFrame().opcode()).isEqualTo(0x9);
            client.write(Arrays.copyOfRange(frame, 10, frame.length));
            client.write(text("after the split pong"));

            await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == 1);
            assertThat(fixture.origin("default").received().get(0).text()).isEqualTo("after the split pong");
            assertThat(events).noneMatch(e -> e instanceof HubEvent.PortEnded);
        }
    }
}
