package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /metrics, /readyz, /status, /status.html and /favicon.ico on a real server with real clients. */
class ObservabilityRoutesTest {

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

    /** The value of one sample line, e.g. {@code switchboard_ports{hub="default"}}. */
    private static double sample(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("a sample %s in\n%s", series, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metricsCountTrafficPortsAndRefusedHandshakesPerHub() throws Exception {
        fixture = ServerFixture.start("default", "prices");
        TestClient client = fixture.connect("default");
        fixture.awaitReady("default", 1);
        fixture.origin("default").publish("hello");
        client.nextText();
        client.sendText("abc");
        await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == 1);
        client.close();
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 0);
        assertThat(get(fixture.http("/hubs/prices/ws")).statusCode()).isEqualTo(426);

        HttpResponse<String> response = get(fixture.http("/metrics"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String body = response.body();
        assertThat(sample(body, "switchboard_ports{hub=\"default\"}")).isZero();
        assertThat(sample(body, "switchboard_ports_attached_total{hub=\"default\"}")).isEqualTo(1);
        assertThat(sample(body, "switchboard_ports_ended_total{hub=\"default\",reason=\"closed\"}")).isEqualTo(1);
        assertThat(sample(body, "switchboard_upstream_messages_received_total{hub=\"default\"}")).isEqualTo(1);
        assertThat(sample(body, "switchboard_upstream_received_bytes_total{hub=\"default\"}")).isEqualTo(5);
        assertThat(sample(body, "switchboard_upstream_messages_sent_total{hub=\"default\"}")).isEqualTo(1);
        assertThat(sample(body, "switchboard_upstream_sent_bytes_total{hub=\"default\"}")).isEqualTo(3);
        assertThat(sample(body, "switchboard_port_sends_total{hub=\"default\",result=\"sent\"}")).isEqualTo(1);
        assertThat(sample(body, "switchboard_port_deliveries_total{hub=\"default\"}")).isGreaterThanOrEqualTo(2);
        assertThat(sample(body, "switchboard_upstream_connect_attempts_total{hub=\"default\"}")).isEqualTo(1);
        assertThat(sample(body, "switchboard_upstream_state{hub=\"default\",state=\"idle\"}")
                + sample(body, "switchboard_upstream_state{hub=\"default\",state=\"lingering\"}")).isEqualTo(1);
        assertThat(sample(body, "switchboard_handshakes_rejected_total{cause=\"not_an_upgrade\",hub=\"prices\"}")).isEqualTo(1);
        assertThat(sample(body, "switchboard_gaps_total{cause=\"expired\",hub=\"prices\"}")).isZero();
        assertThat(body).contains("jvm_memory_used_bytes", "process_uptime_seconds", "jvm_threads_live_threads");
    }

    @Test
    void readinessWaitsForEveryEagerUpstreamAndSaysWhich() throws Exception {
        fixture = ServerFixture.start(config -> config.settings(s -> s.eager(true)), "default");
        await().atMost(TestClient.WAIT).until(() -> get(fixture.http("/readyz")).statusCode() == 200);
        assertThat(get(fixture.http("/readyz")).body()).isEqualTo("ready\n");

        fixture.origin("default").refuseConnections(true);
        fixture.origin("default").dropConnections();
        await().atMost(TestClient.WAIT).until(() -> get(fixture.http("/readyz")).statusCode() == 503);
        assertThat(get(fixture.http("/readyz")).body()).startsWith("not ready: hub 'default' upstream is ");
        assertThat(get(fixture.http("/healthz")).statusCode()).isEqualTo(200);
    }

    @Test
    void aLazyHubIsReadyWithItsUpstreamIdle() throws Exception {
        fixture = ServerFixture.start("default");
        HttpResponse<String> ready = get(fixture.http("/readyz"));
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @Test
    void statusReportsEachHubAndItsRecentPortEnds() throws Exception {
        fixture = ServerFixture.start("default", "prices");
        TestClient client = fixture.connect("prices");
        fixture.awaitReady("prices", 1);
        client.close();
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("prices").portCount() == 0);

        HttpResponse<String> response = get(fixture.http("/status"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = new ObjectMapper().readTree(response.body());
        assertThat(status.get("ready").asBoolean()).isTrue();
        assertThat(status.get("hubs")).hasSize(2);
        JsonNode prices = status.get("hubs").get(1);
        assertThat(prices.get("name").asText()).isEqualTo("prices");
        assertThat(prices.get("upstream").get("state").asText()).isIn("OPEN", "LINGERING");
        assertThat(prices.get("upstream").get("since").asText()).isNotBlank();
        assertThat(prices.get("endsByReason").get("closed").asLong()).isEqualTo(1);
        assertThat(prices.get("recentEnds").get(0).get("reason").asText()).isEqualTo("closed");
        assertThat(prices.has("messagesPerSecond")).isTrue();
    }

    @Test
    void theStatusPageAndTheIconAreServed() throws Exception {
        fixture = ServerFixture.start("default");
        HttpResponse<String> page = get(fixture.http("/status.html"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("fetch(\"/status\"");
        HttpResponse<String> icon = get(fixture.http("/favicon.ico"));
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    }
}
