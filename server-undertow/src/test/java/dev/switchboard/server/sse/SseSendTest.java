package dev.switchboard.server.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /hubs/NAME/messages?port=PORT}: what an SSE client sends reaches the upstream. */
class SseSendTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerFixture fixture;
    private SseClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The attached port's secret, from its welcome; every post shows it. */
    private String secret;

    /** Connects an SSE client to the default hub, waits until the upstream is open, and returns its port id. */
    private String attach() throws Exception {
        client = SseClient.connect(fixture.http("/hubs/default/events"));
        var welcome = client.next("welcome").json();
        String port = welcome.get("port").asText();
        secret = welcome.get("secret").asText();
        fixture.awaitReady("default", 1);
        return port;
    }

    private HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.http(pathAndQuery))
                .timeout(TestClient.WAIT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (secret != null) {
            request.header(MessagesEndpoint.SECRET_HEADER, secret);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postText(String pathAndQuery, String text) throws Exception {
        return post(pathAndQuery, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textAndBinaryReachTheUpstreamUnchangedAndInOrder() throws Exception {
        fixture = ServerFixture.start("default");
        String port = attach();
        byte[] bytes = {(byte) 0xFF, 0, 42, 7, 10, 13};
        String messages = "/hubs/default/messages?port=" + port;

        HttpResponse<String> first = postText(messages, "up ✓ ünïcode\r\nwith lines\n");
        HttpResponse<String> second = post(messages, "application/octet-stream", bytes);
        HttpResponse<String> third = post(messages, "application/json", "{\"buy\":1}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> fourth = post(messages, "text/csv; charset=ISO-8859-1", "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));

        for (HttpResponse<String> response : List.of(first, second, third, fourth)) {
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode ack = JSON.readTree(response.body());
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("status").asText()).isEqualTo("sent");
            assertThat(ack.has("ref")).isFalse();
        }
        InMemoryOrigin origin = fixture.origin("default");
        await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 4);
        List<Message> received = origin.received();
        assertThat(received.get(0).isText()).isTrue();
        assertThat(received.get(0).text()).isEqualTo("up ✓ ünïcode\r\nwith lines\n");
        assertThat(received.get(1).kind()).isEqualTo(Message.Kind.BINARY);
        assertThat(received.get(1).toByteArray()).containsExactly(bytes);
        assertThat(received.get(2).kind()).as("a non-text content type is binary").isEqualTo(Message.Kind.BINARY);
        assertThat(received.get(2).toByteArray()).containsExactly("{\"buy\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(received.get(3).text()).isEqualTo("café");
    }

    @Test
    void manySendsKeepTheirOrder() throws Exception {
        fixture = ServerFixture.start("default");
        String port = attach();

        for (int i = 0; i < 50; i++) {
            assertThat(postText("/hubs/default/messages?port=" + port, "m" + i).statusCode()).isEqualTo(202);
        }

        InMemoryOrigin origin = fixture.origin("default");
        await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 50);
        assertThat(origin.received()).extracting(Message::text)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "m" + i).toList());
    }

    @Test
    void idParameterIsEchoedAsTheAckRef() throws Exception {
        fixture = ServerFixture.start("default");
        String port = attach();

        HttpResponse<String> response = postText("/hubs/default/messages?port=" + port + "&id=c-17", "hello");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"type\":\"ack\",\"ref\":\"c-17\",\"status\":\"sent\"}");
    }

    @Test
    void queuedWhileTheUpstreamIsDownIsStill202() throws Exception {
        fixture = ServerFixture.start("default");
        String port = attach();
        InMemoryOrigin origin = fixture.origin("default");
        origin.holdConnections(true);
        origin.dropConnections();
        await().atMost(TestClient.WAIT).until(() -> origin.heldCount() == 1);

        HttpResponse<String> response = postText("/hubs/default/messages?port=" + port, "later");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode ack = JSON.readTree(response.body());
        assertThat(ack.get("status").asText()).isEqualTo("queued");
        assertThat(ack.get("detail").asText()).contains("CONNECTING");
        origin.holdConnections(false);
        origin.acceptHeld();
        await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 1);
        assertThat(origin.received().get(0).text()).isEqualTo("later");
    }

    @Test
    void refusedSendIs503WithTheErrorEnvelope() throws Exception {
        fixture = ServerFixture.start("default");
        String port = attach();
        fixture.origin("default").acceptSends(false);

        HttpResponse<String> response = postText("/hubs/default/messages?port=" + port + "&id=c-19", "nope");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).isEqualTo("upstream-rejected");
        assertThat(error.get("ref").asText()).isEqualTo("c-19");
        assertThat(error.get("message").asText()).contains("did not take the message");
    }

    @Test
    void unknownPortIs404() throws Exception {
        fixture = ServerFixture.start("default");
        attach();

        HttpResponse<String> response = postText("/hubs/default/messages?port=zz9", "hello");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no such port on hub 'default': it has ended or never existed; "
                + "reconnect and use the port id from the new welcome event\n");
        assertThat(fixture.origin("default").received()).isEmpty();
    }

    @Test
    void endedPortIs404() throws Exception {
        fixture = ServerFixture.start("default");
        String port = attach();
        client.close();
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 0);

        assertThat(postText("/hubs/default/messages?port=" + port, "hello").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownHubIs404() throws Exception {
        fixture = ServerFixture.start("default");

        HttpResponse<String> response = postText("/hubs/nope/messages?port=1", "hello");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no hub of that name on this server; known hubs: default\n");
    }

    @Test
    void missingPortParameterIs400() throws Exception {
        fixture = ServerFixture.start("default");

        HttpResponse<String> response = postText("/hubs/default/messages", "hello");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("missing query parameter 'port'").endsWith("\n");
        assertThat(response.body().strip().lines()).hasSize(1);
    }

    @Test
    void unknownCharsetIs400() throws Exception {
        fixture = ServerFixture.start("default");
        String port = attach();

        HttpResponse<String> response = post("/hubs/default/messages?port=" + port, "text/plain; charset=no-such-charset",
                "x".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("unknown charset 'no-such-charset'");
    }

    @Test
    void bodyLargerThanTheFrameLimitIs413() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.maxFrameSize(1024)), "default");
        String port = attach();

        HttpResponse<String> tooBig = post("/hubs/default/messages?port=" + port, "application/octet-stream", new byte[1025]);
        HttpResponse<String> justRight = post("/hubs/default/messages?port=" + port, "application/octet-stream", new byte[1024]);

        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).isEqualTo("message larger than the limit of 1024 bytes (the server's --max-frame-size)\n");
        assertThat(justRight.statusCode()).isEqualTo(202);
        InMemoryOrigin origin = fixture.origin("default");
        await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 1);
        assertThat(origin.received().get(0).size()).isEqualTo(1024);
    }

    @Test
    void chunkedBodyLargerThanTheFrameLimitIs413() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.maxFrameSize(1024)), "default");
        String port = attach();
        // A publisher of unknown length makes the client send the body chunked, with no Content-Length.
        HttpRequest request = HttpRequest.newBuilder(fixture.http("/hubs/default/messages?port=" + port))
                .timeout(TestClient.WAIT)
                .header("Content-Type", "application/octet-stream")
                .header(MessagesEndpoint.SECRET_HEADER, secret)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[2000])))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(fixture.origin("default").received()).isEmpty();
    }

    @Test
    void aPostWithoutTheSecretOrWithAnotherPortsSecretIsRefused() throws Exception {
        fixture = ServerFixture.start("default");
        String port = attach();
        String own = secret;
        secret = null;
        HttpResponse<String> none = postText("/hubs/default/messages?port=" + port, "sneaky");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("missing secret for port '" + port + "'").contains(MessagesEndpoint.SECRET_HEADER);
        secret = own.substring(1) + "x";
        assertThat(postText("/hubs/default/messages?port=" + port, "sneaky").statusCode()).isEqualTo(403);
        secret = null;
        assertThat(postText("/hubs/default/messages?port=" + port + "&secret=" + own, "by query").statusCode()).isEqualTo(202);

        InMemoryOrigin origin = fixture.origin("default");
        await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 1);
        assertThat(origin.received().get(0).text()).isEqualTo("by query");
    }

    /** A WebSocket client never learns a secret, so no one can post in its name. */
    @Test
    void noOneCanPostInTheNameOfAWebSocketPort() throws Exception {
        fixture = ServerFixture.start("default");
        List<String> attached = new CopyOnWriteArrayList<>();
        fixture.hub("default").addListener(event -> {
            if (event instanceof HubEvent.PortAttached a) {
                attached.add(a.portId());
            }
        });
        fixture.connect("default");
        fixture.awaitReady("default", 1);
        await().atMost(TestClient.WAIT).until(() -> attached.size() == 1);

        assertThat(postText("/hubs/default/messages?port=" + attached.get(0), "from a websocket port").statusCode())
                .isEqualTo(403);
        assertThat(fixture.origin("default").received()).isEmpty();
    }
}
