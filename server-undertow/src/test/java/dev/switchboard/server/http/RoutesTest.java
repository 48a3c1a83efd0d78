package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(TestClient.WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzReportsEveryHub() throws Exception {
        fixture = ServerFixture.start("default", "prices");
        fixture.connect("default");
        fixture.connect("default");
        fixture.awaitReady("default", 2);

        HttpResponse<String> response = get(fixture.http("/healthz"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("hubs").fieldNames()).toIterable().containsExactly("default", "prices");
        JsonNode hub = body.get("hubs").get("default");
        assertThat(hub.get("upstream").asText()).isEqualTo("OPEN");
        assertThat(hub.get("ports").asInt()).isEqualTo(2);
        assertThat(hub.get("uri").asText()).isEqualTo(fixture.origin("default").uri().toString());
        JsonNode idle = body.get("hubs").get("prices");
        assertThat(idle.get("upstream").asText()).isEqualTo("IDLE");
        assertThat(idle.get("ports").asInt()).isZero();
    }

    @Test
    void healthzFollowsPortsLeaving() throws Exception {
        fixture = ServerFixture.start("default");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);

        client.close();

        ObjectMapper json = new ObjectMapper();
        await().atMost(TestClient.WAIT).until(() ->
                json.readTree(get(fixture.http("/healthz")).body()).get("hubs").get("default").get("ports").asInt() == 0);
    }

    @Test
    void unknownHubIs404NamingItAndTheKnownHubs() throws Exception {
        fixture = ServerFixture.start("default", "prices");

        HttpResponse<String> response = get(fixture.http("/hubs/nope/ws"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no hub of that name on this server; known hubs: default, prices\n");
    }

    @Test
    void webSocketToAnUnknownHubFailsTheHandshakeWith404() throws Exception {
        fixture = ServerFixture.start("default");
        URI unknown = URI.create(fixture.uri("default").toString().replace("/hubs/default/", "/hubs/nope/"));

        assertThatThrownBy(() -> HTTP.newWebSocketBuilder().buildAsync(unknown, new java.net.http.WebSocket.Listener() { }).get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(404);
                });
        assertThat(fixture.hub("default").portCount()).isZero();
    }

    @Test
    void plainHttpToAHubEndpointAsksForAnUpgrade() throws Exception {
        fixture = ServerFixture.start("default");

        HttpResponse<String> response = get(fixture.http("/hubs/default/ws"));

        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.body()).contains("WebSocket");
    }

    @Test
    void unknownPathIs404PointingAtTheRoutes() throws Exception {
        fixture = ServerFixture.start("default");

        HttpResponse<String> response = get(fixture.http("/nothing/here"));

        assertThat(response.statusCode()).isEqualTo(404);
        // The path is not repeated back: an error text never echoes the request.
        assertThat(response.body()).doesNotContain("/nothing/here").contains("/hubs/NAME/ws").contains("/healthz");
    }
}
