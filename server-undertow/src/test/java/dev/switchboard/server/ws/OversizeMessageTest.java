package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import dev.switchboard.testsupport.RawSocketClient;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client message over the limit closes that client with 1009, and only that client. The large
 * cases matter most: the client is still sending when the server decides, which is when a server
 * that simply drops the connection makes the client see a reset instead of the close code.
 */
class OversizeMessageTest {

    private static final int LIMIT = 1024;

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void startWithLimit(int limit) {
        fixture = ServerFixture.start(config -> config.settings(s -> s.maxFrameSize(limit)), "default");
    }

    @Test
    void messageOfExactlyTheLimitPasses() throws Exception {
        startWithLimit(LIMIT);
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);

        client.sendText("a".repeat(LIMIT));

        await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == 1);
        assertThat(fixture.origin("default").received().get(0).size()).isEqualTo(LIMIT);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void textOneByteOverTheLimitClosesThatClientWith1009AndNoOther() throws Exception {
        startWithLimit(LIMIT);
        TestClient offender = fixture.connect("default");
        TestClient bystander = fixture.connect("default");
        fixture.awaitReady("default", 2);

        offender.sendText("a".repeat(LIMIT + 1));

        TestClient.Closed closed = offender.awaitClose();
        assertThat(closed.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        assertThat(closed.reason()).contains(String.valueOf(LIMIT));
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 1);
        assertThat(fixture.origin("default").received()).isEmpty();

        fixture.origin("default").publish(Message.text("after"));
        assertThat(bystander.nextText()).isEqualTo("after");
        bystander.sendText("bystander can still send");
        await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == 1);
        assertThat(bystander.isClosed()).isFalse();
    }

    @Test
    void binaryOverTheLimitClosesWith1009() throws Exception {
        startWithLimit(LIMIT);
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);

        client.sendBinary(new byte[LIMIT + 1]);

        assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void fragmentsThatTogetherPassTheLimitCloseWith1009() throws Exception {
        startWithLimit(LIMIT);
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);

        // Each fragment is within the limit; the assembled message is not.
        client.sendTextPart("a".repeat(600), false);
        client.sendTextPart("b".repeat(600), true);

        assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        assertThat(fixture.origin("default").received()).isEmpty();
    }

    @Test
    void hugeMessageStillInFlightGets1009NotAReset() throws Exception {
        startWithLimit(64 * 1024);
        TestClient offender = fixture.connect("default");
        TestClient bystander = fixture.connect("default");
        fixture.awaitReady("default", 2);
        byte[] huge = new byte[8 * 1024 * 1024];
        Arrays.fill(huge, (byte) 7);

        // Far more than the socket buffers hold: most of it is unread when the server decides.
        offender.startSendingBinary(huge);

        assertThat(offender.awaitClose().code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        fixture.origin("default").publish(Message.text("unaffected"));
        assertThat(bystander.nextText()).isEqualTo("unaffected");
    }

    /**
     * What Undertow's own limit gets wrong (checked against Undertow 2.3.27): it queues a 1009
     * close frame, then drops the TCP connection with the rest of the message unread, so a client
     * still writing gets "Broken pipe". Here the server reads on, and the connection ends in order.
     */
    @Test
    void clientStillWritingAfter1009CanFinishAndGetsAnOrderlyClose() throws Exception {
        startWithLimit(64 * 1024);
        fixture.connect("default"); // a first port, so the readiness check below has an open upstream to see
        fixture.awaitReady("default", 1);
        try (RawSocketClient raw = RawSocketClient.connect(fixture.uri("default"))) {
            await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 2);
            byte[] chunk = new byte[64 * 1024];
            raw.startBinaryFrame(128L * chunk.length);

            for (int i = 0; i < 128; i++) {
                raw.write(chunk); // would fail with "Broken pipe" if the server had dropped the connection
            }

            RawSocketClient.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            raw.sendClose(CloseCodes.MESSAGE_TOO_BIG);
            raw.readToEnd(); // an orderly end of stream, not "Connection reset"
        }
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 1);
        assertThat(fixture.origin("default").received()).isEmpty();
    }

    @Test
    void defaultLimitIsOneMebibyte() throws Exception {
        fixture = ServerFixture.start("default");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);

        client.sendBinary(new byte[1024 * 1024]);
        await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == 1);

        client.startSendingBinary(new byte[1024 * 1024 + 1]);
        assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }
}
