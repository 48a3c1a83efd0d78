package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.SseOrigin;
import dev.switchboard.testsupport.TestClient;
import dev.switchboard.testsupport.WebSocketOrigin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.java_websocket.handshake.ClientHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code examples/switchboard.yaml}: it passes {@code --check-config}, and a server
 * started from it (each hub's upstream pointed at a real local origin with {@code --hub NAME=URI})
 * serves all three hubs, with the API key from the environment and each hub's own access rules.
 */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("examples/switchboard.yaml");
    private static final String CLIENT_TOKEN = "quotes-client-token-0123456789";
    private static final Map<String, String> ENV = Map.of("QUOTES_API_KEY", "the-api-key-42",
            "QUOTES_CLIENT_TOKEN", CLIENT_TOKEN);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private WebSocketOrigin prices;
    private SseOrigin news;
    private WebSocketOrigin quotes;
    private RunningServer running;

    @BeforeEach
    void startOrigins() throws Exception {
        prices = WebSocketOrigin.start();
        news = new SseOrigin();
        quotes = WebSocketOrigin.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (running != null) {
            running.close();
        }
        prices.close();
        news.close();
        quotes.close();
    }

    private Main.Launch launch(String... args) {
        return Main.launch(args, new PrintWriter(out, true), new PrintWriter(err, true), ENV);
    }

    @Test
    void theExamplePassesTheCheckWithItsApiKeyRedacted() {
        assertThat(launch("--check-config", EXAMPLE.toString()).exitCode()).as(err.toString()).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("prices:").contains("news:").contains("quotes:")
                .contains("X-Api-Key: <redacted>").doesNotContain("the-api-key-42");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aServerStartedFromTheExampleServesEveryHub() throws Exception {
        Main.Launch launch = launch("--config", EXAMPLE.toString(), "--listen", "127.0.0.1:0",
                "--hub", "prices=" + prices.uri("/prices"), "--hub", "news=" + news.uri(),
                "--hub", "quotes=" + quotes.uri("/stream"));
        running = launch.running().orElse(null);
        assertThat(running).as(err.toString()).isNotNull();
        var server = running.server();

        // prices is eager: connected at start, and subscribed with its on-connect message.
        assertThat(prices.received().next(TestClient.WAIT)).isEqualTo("{\"subscribe\":\"prices\"}");
        try (TestClient client = TestClient.connect(server.hubUri("prices"))) {
            await().atMost(TestClient.WAIT).until(() -> server.hubs().asMap().get("prices").portCount() == 1);
            prices.publish("tick-1");
            assertThat(client.nextText()).isEqualTo("tick-1");
        }

        try (TestClient client = TestClient.connect(server.hubUri("news"))) {
            await().atMost(TestClient.WAIT).until(() -> news.openStreams() == 1);
            news.publish();
            assertThat(client.nextText()).isEqualTo("event-1");
        }

        URI quotesUri = server.hubUri("quotes");
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(quotesUri.toString().replace("ws://", "http://"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("quotes needs the client token").isEqualTo(401);
        try (TestClient client = TestClient.connect(URI.create(quotesUri + "?access_token=" + CLIENT_TOKEN))) {
            ClientHandshake handshake = quotes.handshakes().next(TestClient.WAIT);
            assertThat(handshake.getFieldValue("X-Api-Key")).isEqualTo("the-api-key-42");
            await().atMost(TestClient.WAIT).until(() -> server.hubs().asMap().get("quotes").portCount() == 1);
            quotes.publish("quote-1");
            assertThat(client.nextText()).isEqualTo("quote-1");
        }

        // Each hub keeps its own settings from the file.
        assertThat(server.config().hub("news").orElseThrow().settings().linger()).isEqualTo(Duration.ZERO);
        assertThat(server.config().hub("prices").orElseThrow().settings().replay()).isEqualTo(2048);
        assertThat(server.config().security().access("news").auth().isNone()).isTrue();
    }

    @Test
    void noRequestMakesTheServerDialAnUpstreamThatIsNotConfigured() throws Exception {
        try (WebSocketOrigin bait = WebSocketOrigin.start()) {
            Main.Launch launch = launch("--config", EXAMPLE.toString(), "--listen", "127.0.0.1:0",
                    "--hub", "prices=" + prices.uri("/prices"), "--hub", "news=" + news.uri(),
                    "--hub", "quotes=" + quotes.uri("/stream"));
            running = launch.running().orElse(null);
            assertThat(running).as(err.toString()).isNotNull();
            String base = "http://" + dev.switchboard.server.attach.ClientAddress.of(running.server().boundAddress());
            String baitUrl = java.net.URLEncoder.encode(bait.uri("/feed").toString(), java.nio.charset.StandardCharsets.UTF_8);
            HttpClient http = HttpClient.newHttpClient();

            for (String path : new String[] {"/hubs/unknown/ws", "/hubs/unknown/events", "/hubs/" + baitUrl + "/ws",
                    "/hubs/" + baitUrl + "/events"}) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(404);
            }
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/hubs/unknown/messages?port=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(404);
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> TestClient.connect(URI.create(base.replace("http://", "ws://") + "/hubs/unknown/ws"))))
                    .isNotNull();
            // A known, lazy hub asked to use another upstream still has only its own.
            try (TestClient client = TestClient.connect(URI.create(running.server().hubUri("news") + "?upstream=" + baitUrl))) {
                await().atMost(TestClient.WAIT).until(() -> news.openStreams() == 1);
            }

            assertThat(bait.acceptedCount()).as("connections the server opened to an unconfigured URL").isZero();
            assertThat(quotes.acceptedCount()).as("the lazy hub quotes was never asked for").isZero();
            assertThat(running.server().hubs().asMap().keySet()).containsExactlyInAnyOrder("prices", "news", "quotes");
        }
    }
}
