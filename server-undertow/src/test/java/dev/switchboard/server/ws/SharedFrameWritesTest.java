package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Message;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.RawSocketClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Data frames written by the connection's own writer and the frames Undertow writes (here the
 * pongs answering the client's pings) share one socket. With large frames and a small receive
 * buffer most writes are partial, so the two meet mid-frame all the time; the client must still
 * see whole frames only: every message intact and in order, every pong with its ping's payload.
 */
class SharedFrameWritesTest {

    private static final int MESSAGE_SIZE = 64 * 1024;
    private static final int MESSAGES = 160;
    /** How far the publisher runs ahead of the client: about 7.5 MiB, more than the socket buffers hold, within the queue. */
    private static final int WINDOW = 120;

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String payload(int seq) {
        String head = seq + ":";
        return head + (char) ('a' + seq % 26) + "y".repeat(MESSAGE_SIZE - head.length() - 1);
    }

    private static byte[] ping(String text) {
        byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x89;
        frame[1] = (byte) (0x80 | payload.length);
        // A zero masking key leaves the payload as written.
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }

    @Test
    void undertowsFramesAndSharedFramesNeverCutIntoEachOther() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(HubSettings.builder()
                .replay(8, Duration.ofMinutes(5)).portQueue(256).build()), "default");
        try (RawSocketClient client = RawSocketClient.connect(fixture.uri("default"), null, 4096)) {
            fixture.awaitReady("default", 1);
            List<String> messages = new ArrayList<>();
            List<String> pongs = new ArrayList<>();
            for (int seq = 1; seq <= MESSAGES; seq++) {
                fixture.origin("default").publish(Message.text(payload(seq)));
                client.write(ping("p" + seq));
                if (seq > WINDOW) {
                    readUntilMessage(client, messages, pongs);
                }
            }
            while (messages.size() < MESSAGES || pongs.size() < MESSAGES) {
                read(client, messages, pongs);
            }
            assertThat(messages).containsExactlyElementsOf(IntStream.rangeClosed(1, MESSAGES).mapToObj(SharedFrameWritesTest::payload).toList());
            assertThat(pongs).containsExactlyElementsOf(IntStream.rangeClosed(1, MESSAGES).mapToObj(seq -> "p" + seq).toList());
        }
    }

    private static void readUntilMessage(RawSocketClient client, List<String> messages, List<String> pongs) throws Exception {
        int before = messages.size();
        while (messages.size() == before) {
            read(client, messages, pongs);
        }
    }

    private static void read(RawSocketClient client, List<String> messages, List<String> pongs) throws Exception {
        RawSocketClient.Frame frame = client.readFrame();
        String text = new String(frame.payload(), StandardCharsets.UTF_8);
        switch (frame.opcode()) {
            case 0x1 -> messages.add(text);
            case 0xA -> pongs.add(text);
            case 0x9 -> { } // the hub's own liveness ping
            default -> throw new AssertionError("unexpected frame, opcode " + frame.opcode() + ": "
                    + text.substring(0, Math.min(80, text.length())));
        }
    }
}
