package dev.switchboard.transport.websocket;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.transport.tck.ListenerRecorder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UpstreamConnection#bufferedBytes()} of the WebSocket transport against a peer that
 * completes the handshake and then reads nothing (a raw socket): what is sent piles up in
 * Java-WebSocket's write queue once the kernel's socket buffers are full, the count shows it,
 * and an ended connection holds nothing. The shared kit checks the idle and ended cases; its
 * WebSocket origin cannot stop reading, so the stalled case is here.
 */
@Timeout(value = 60, unit = SECONDS)
class WebSocketBufferedBytesTest {

    private static final int CHUNK = 64 * 1024;
    private static final long TARGET = 1L << 20;
    private static final Message PAYLOAD = Message.text("w".repeat(CHUNK));

    private final WebSocketTransportProvider provider = new WebSocketTransportProvider();
    private RawOrigin origin;
    private UpstreamConnection connection;

    @AfterEach
    void tearDown() throws Exception {
        if (connection != null) {
            connection.cancel();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void whatAPeerThatStoppedReadingHasNotTakenIsCountedAndDroppedWithTheConnection() throws Exception {
        ListenerRecorder recorder = openToADeafPeer(Duration.ofSeconds(5));
        long sent = fillPastTheKernelBuffers();

        long buffered = connection.bufferedBytes();
        assertThat(buffered).isGreaterThanOrEqualTo(TARGET);
        // Each 64 KiB client frame adds 8 bytes of header and 4 of mask.
        assertThat(buffered).isLessThanOrEqualTo(sent + (sent / CHUNK) * 14);

        connection.cancel();
        recorder.expectFailure();
        assertThat(connection.bufferedBytes()).isZero();
    }

    @Test
    void theFrameTheWriterIsBlockedOnIsCounted() throws Exception {
        openToADeafPeer(Duration.ofSeconds(5));
        int size = 16 << 20; // past what loopback's kernel buffers take, so the one write blocks
        assertThat(connection.send(Message.text("b".repeat(size)))).isTrue();

        // The library's writer takes the frame off its queue at once and then blocks writing it:
        // a count of the queue alone would say 0 here, and a drain would close on an unwritten frame.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> connection.bufferedBytes() >= size);
    }

    @Test
    void aCloseThePeerNeverReadsEndsAfterTheConnectTimeoutWithNothingHeld() throws Exception {
        ListenerRecorder recorder = openToADeafPeer(Duration.ofSeconds(1));
        fillPastTheKernelBuffers();

        connection.close(); // the close frame waits behind what the peer does not read
        recorder.expectFinal();
        assertThat(connection.bufferedBytes()).isZero();
    }

    private ListenerRecorder openToADeafPeer(Duration connectTimeout) throws Exception {
        origin = RawOrigin.start(RawOrigin.Mode.HANDSHAKE_THEN_DEAF);
        ListenerRecorder recorder = new ListenerRecorder();
        // A long heartbeat: the deaf peer never pongs, and this test is about the buffer, not liveness.
        UpstreamRequest request = UpstreamRequest.builder(origin.uri("ws", "/deaf"))
                .connectTimeout(connectTimeout)
                .heartbeatInterval(Duration.ofMinutes(1))
                .heartbeatTimeout(Duration.ofMinutes(3))
                .build();
        connection = provider.connect(request, recorder);
        recorder.expectOpen();
        // The handshake request (about 160 bytes) is the first write the count sees: the origin's 101
        // can reach the reader thread, and onOpen come, before the writer thread has returned from
        // that write and reset the count, so "nothing held once open" holds within moments, not at once.
        await().atMost(5, SECONDS).until(() -> connection.bufferedBytes() == 0);
        return recorder;
    }

    /** Sends until the count holds TARGET bytes on three polls in a row with no send between; returns the bytes sent. */
    private long fillPastTheKernelBuffers() {
        long[] sent = {0};
        int[] steady = {0};
        await("the write queue to hold " + TARGET + " bytes the peer does not read")
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (connection.bufferedBytes() >= TARGET) {
                        return ++steady[0] >= 3;
                    }
                    steady[0] = 0;
                    for (int i = 0; i < 16 && connection.bufferedBytes() < TARGET; i++) {
                        assertThat(connection.send(PAYLOAD)).isTrue();
                        sent[0] += CHUNK;
                    }
                    return false;
                });
        return sent[0];
    }
}
