package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RawModeTest {

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void upstreamTextAndBinaryReachTheClientUnchanged() throws Exception {
        fixture = ServerFixture.start("default");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);
        InMemoryOrigin origin = fixture.origin("default");
        byte[] bytes = {0, 1, 2, (byte) 0x80, (byte) 0xFF, 10, 13};

        origin.publish(Message.text("héllo ✓ {\"a\":1}"));
        origin.publish(Message.binary(bytes));
        origin.publish(Message.text(""));

        assertThat(client.nextText()).isEqualTo("héllo ✓ {\"a\":1}");
        assertThat(client.nextBinary()).containsExactly(bytes);
        assertThat(client.nextText()).isEmpty();
    }

    @Test
    void clientTextAndBinaryReachTheUpstreamUnchanged() throws Exception {
        fixture = ServerFixture.start("default");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);
        byte[] bytes = {(byte) 0xFF, 0, 42, 7};

        client.sendText("up ✓ ünïcode");
        client.sendBinary(bytes);
        client.sendText("last");

        InMemoryOrigin origin = fixture.origin("default");
        await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 3);
        List<Message> received = origin.received();
        assertThat(received.get(0).isText()).isTrue();
        assertThat(received.get(0).text()).isEqualTo("up ✓ ünïcode");
        assertThat(received.get(1).kind()).isEqualTo(Message.Kind.BINARY);
        assertThat(received.get(1).toByteArray()).containsExactly(bytes);
        assertThat(received.get(2).text()).isEqualTo("last");
    }

    @Test
    void fragmentedClientMessageGoesUpstreamWhole() throws Exception {
        fixture = ServerFixture.start("default");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);

        client.sendTextPart("one ", false);
        client.sendTextPart("two ", false);
        client.sendTextPart("three", true);

        InMemoryOrigin origin = fixture.origin("default");
        await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 1);
        assertThat(origin.received().get(0).text()).isEqualTo("one two three");
    }

    @Test
    void everyClientGetsEveryMessageInOrder() throws Exception {
        fixture = ServerFixture.start("default");
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(fixture.connect("default"));
        }
        fixture.awaitReady("default", 4);
        List<String> sent = IntStream.range(0, 300).mapToObj(i -> "message-" + i).toList();

        sent.forEach(text -> fixture.origin("default").publish(Message.text(text)));

        for (TestClient client : clients) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                got.add(client.nextText());
            }
            assertThat(got).containsExactlyElementsOf(sent);
        }
        // One upstream connection serves them all.
        assertThat(fixture.origin("default").acceptedCount()).isEqualTo(1);
    }

    @Test
    void largeUpstreamMessageWithinNoLimitPassesWhole() throws Exception {
        fixture = ServerFixture.start("default");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);
        byte[] big = new byte[3 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }

        fixture.origin("default").publish(Message.binary(big));

        assertThat(client.nextBinary()).isEqualTo(big);
    }

    @Test
    void clientThatClosesLeavesTheHub() throws Exception {
        fixture = ServerFixture.start("default");
        TestClient leaving = fixture.connect("default");
        TestClient staying = fixture.connect("default");
        fixture.awaitReady("default", 2);

        leaving.close();

        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 1);
        fixture.origin("default").publish(Message.text("still here"));
        assertThat(staying.nextText()).isEqualTo("still here");
    }

    @Test
    void stoppingTheServerClosesClientsWith1001() throws Exception {
        fixture = ServerFixture.start("default");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);

        fixture.server().stop();

        assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.GOING_AWAY);
    }

    @Test
    void pongsKeepAQuietClientAttachedPastItsTimeout() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.portHeartbeat(Duration.ofMillis(100), Duration.ofMillis(400))), "default");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);

        // The JDK client answers every ping with a pong on its own; nothing else is sent.
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5))
                .until(() -> fixture.hub("default").portCount() == 1 && !client.isClosed());
    }

    @Test
    void rejectedUpstreamSendClosesTheClientWith1013() throws Exception {
        fixture = ServerFixture.start("default");
        InMemoryOrigin origin = fixture.origin("default");
        origin.refuseConnections(true);
        TestClient client = fixture.connect("default");
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").upstreamState() == UpstreamState.BACKOFF);

        // The upstream is down, so messages wait in the hub's bounded queue until it is full.
        String payload = "x".repeat(64);
        for (int i = 0; i < 5000 && !client.isClosed(); i++) {
            try {
                client.sendText(payload);
            } catch (Exception closedUnderUs) {
                break;
            }
        }

        TestClient.Closed closed = client.awaitClose();
        assertThat(closed.code()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
        assertThat(closed.reason()).isNotBlank();
        assertThat(closed.reason().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    }
}
