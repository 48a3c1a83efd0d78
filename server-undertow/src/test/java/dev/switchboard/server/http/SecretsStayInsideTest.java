package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An upstream URI with a password and an API key, and a header with a secret value: none of the
 * three may leave the server through /healthz, /status, a status envelope or a log line.
 */
class SecretsStayInsideTest {

    private static final String PASSWORD = "hunter2-password";
    private static final String API_KEY = "SECRET-API-KEY";
    private static final String HEADER_VALUE = "HEADER-SECRET-VALUE";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private InMemoryOrigin origin;
    private ServerFixture fixture;

    @BeforeEach
    void start() {
        log.start();
        root().addAppender(log);
        origin = ServerFixture.newOrigin();
        URI secretUri = URI.create("mem://bob:" + PASSWORD + "@" + origin.uri().getHost() + "/feed?apikey=" + API_KEY
                + "&symbol=EUR");
        fixture = ServerFixture.start(config -> config.hub("secret", secretUri)
                .settings(s -> s.header("X-Api-Key", HEADER_VALUE)));
    }

    @AfterEach
    void stop() {
        fixture.close();
        origin.close();
        root().detachAppender(log);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void healthzStatusEnvelopesAndLogsShowTheUriRedacted() throws Exception {
        List<String> seen = new ArrayList<>();
        try (EnvelopeClient client = fixture.connectEnvelope("secret")) {
            await().atMost(TestClient.WAIT).until(() -> fixture.hub("secret").upstreamState() == UpstreamState.OPEN);
            assertThat(origin.requests().get(0).headers()).containsEntry("X-Api-Key", HEADER_VALUE);
            List<JsonNode> envelopes = client.until(e -> "status".equals(e.path("type").asText())
                    && e.path("state").asText().equals("OPEN"));
            envelopes.forEach(e -> seen.add(e.toString()));
            assertThat(seen.get(seen.size() - 1)).contains("apikey=***").contains("symbol=EUR").contains("***@");
        }
        String health = get("/healthz");
        String status = get("/status");
        assertThat(health).contains("apikey=***");
        assertThat(status).contains("apikey=***");
        seen.add(health);
        seen.add(status);
        log.list.forEach(event -> seen.add(event.getFormattedMessage()));
        assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("apikey=***"));

        for (String output : seen) {
            assertThat(output).doesNotContain(PASSWORD).doesNotContain(API_KEY).doesNotContain(HEADER_VALUE);
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(fixture.http(path)).timeout(TestClient.WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
