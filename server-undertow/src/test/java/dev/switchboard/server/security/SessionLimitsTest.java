package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an attached client is held to: its credential's expiry, its send rate, and the handshake timeout. */
class SessionLimitsTest {

    private ServerFixture fixture;
    private final List<HubEvent.PortEnded> ended = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(Consumer<SecurityConfig.Builder> security) {
        fixture = ServerFixture.start(config -> {
            SecurityConfig.Builder builder = SecurityConfig.builder();
            security.accept(builder);
            config.security(builder.build());
        }, "default");
        fixture.hub("default").addListener(event -> {
            if (event instanceof HubEvent.PortEnded e) {
                ended.add(e);
            }
        });
    }

    private URI withToken(String token) {
        return URI.create(fixture.uri("default") + "?access_token=" + token);
    }

    @Test
    void aTokenThatExpiresMidSessionClosesThePortWith1008AfterAnError() throws Exception {
        start(security -> security.hubs(HubAccess.defaults()
                .withAuth(AuthMethod.jwtSecret(Tokens.SECRET, null, Duration.ZERO, Clock.systemUTC()))));
        TestClient longLived = TestClient.connect(withToken(Tokens.hs256("default", Instant.now().plusSeconds(3600))));
        // A JWT's exp is in whole seconds: this one ends one to two seconds from now.
        EnvelopeClient shortLived = fixture.track(EnvelopeClient.connect(
                withToken(Tokens.hs256("default", Instant.now().plusSeconds(2)))));
        shortLived.next("welcome");

        JsonNode error = shortLived.until(e -> "token-expired".equals(e.path("code").asText())).stream()
                .reduce((a, b) -> b).orElseThrow();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(shortLived.awaitClose().code()).isEqualTo(1008);
        await().atMost(TestClient.WAIT).until(() -> !ended.isEmpty());
        assertThat(ended.get(0).end().reason()).isEqualTo(EndReason.REJECTED);

        fixture.awaitReady("default", 1);
        fixture.origin("default").publish(Message.text("for the valid token"));
        assertThat(longLived.nextText()).isEqualTo("for the valid token");
        longLived.close();
    }

    @Test
    void overTheSendRateAnEnvelopeClientIsToldAndKeepsItsConnection() throws Exception {
        start(security -> security.hubs(HubAccess.defaults().withSendRate(new SendRate(1, 0, SendRate.Policy.REFUSE))));
        EnvelopeClient client = fixture.connectEnvelope("default");
        client.next("welcome");
        fixture.awaitReady("default", 1);
        for (int i = 0; i < 5; i++) {
            client.send("{\"type\":\"send\",\"id\":\"s" + i + "\",\"data\":\"m" + i + "\"}");
        }
        // Every send gets one reply: an ack when it went, a rate-limited error when it did not.
        int acks = 0;
        int refused = 0;
        while (acks + refused < 5) {
            JsonNode reply = client.next();
            String type = reply.path("type").asText();
            if (type.equals("ack")) {
                acks++;
            } else if (type.equals("error")) {
                assertThat(reply.path("code").asText()).isEqualTo("rate-limited");
                assertThat(reply.path("message").asText()).contains("1 messages per second");
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(client.isClosed()).isFalse();
        int sent = acks;
        await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == sent);
    }

    @Test
    void withTheClosePolicyARawClientOverTheRateIsClosedWith1008() throws Exception {
        start(security -> security.hubs(HubAccess.defaults().withSendRate(new SendRate(1, 0, SendRate.Policy.CLOSE))));
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);
        for (int i = 0; i < 5 && !client.isClosed(); i++) {
            client.sendText("m" + i);
        }
        TestClient.Closed closed = client.awaitClose();
        assertThat(closed.code()).isEqualTo(1008);
        assertThat(closed.reason()).contains("messages per second");
        await().atMost(TestClient.WAIT).until(() -> !ended.isEmpty());
        assertThat(ended.get(0).end().reason()).isEqualTo(EndReason.REJECTED);
    }

    @Test
    void aHalfSentHandshakeIsClosedAfterTheHandshakeTimeout_whileOthersStillConnect() throws Exception {
        start(security -> security.timeouts(Duration.ofMillis(500), Duration.ofSeconds(60)));
        URI uri = fixture.uri("default");
        try (Socket slow = new Socket()) {
            slow.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            slow.setSoTimeout((int) TestClient.WAIT.toMillis());
            slow.getOutputStream().write(("GET /hubs/default/ws HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nUpgrade: web")
                    .getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();

            TestClient normal = fixture.connect("default");
            fixture.awaitReady("default", 1);
            fixture.origin("default").publish(Message.text("hello"));
            assertThat(normal.nextText()).isEqualTo("hello");

            // The server hangs up well before the read times out (which would throw instead).
            assertThat(readToEnd(slow.getInputStream())).doesNotContain("101");
        }
    }

    @Test
    void permessageDeflateIsNeverNegotiated() throws IOException {
        start(security -> { });
        String response = Handshake.upgrade(fixture.uri("default"),
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        assertThat(Handshake.status(response)).isEqualTo(101);
        assertThat(response.toLowerCase(java.util.Locale.ROOT)).doesNotContain("sec-websocket-extensions");
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}
