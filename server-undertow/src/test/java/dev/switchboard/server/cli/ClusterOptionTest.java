package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cluster.redis.testing.RedisServer;
import dev.switchboard.server.attach.ClientAddress;
import dev.switchboard.testsupport.TestClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster redis://HOST:PORT} in-process, against a real {@code redis-server}: bad and
 * unreachable addresses stop the start with one line, and the probes show the hub's role and
 * whether Redis answers, through an outage and back.
 */
class ClusterOptionTest extends CliHarness {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAddressThatIsNotRedisStopsTheStartWithOneLine() {
        assertThat(run("--upstream", origin.uri().toString(), "--cluster", "http://127.0.0.1:6379")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).isEqualTo("invalid --cluster address 'http://127.0.0.1:6379': the scheme must be redis or rediss; "
                + "write it as redis://HOST:PORT, e.g. redis://127.0.0.1:6379");
    }

    @Test
    void aRedisThatDoesNotAnswerStopsTheStartWithOneLine() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        assertThat(run("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(), "--cluster", "redis://127.0.0.1:" + closed))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("cannot reach Redis at redis://127.0.0.1:" + closed)
                .endsWith("start Redis there, or fix the --cluster address");
    }

    @Test
    void theProbesShowTheRoleAndWhetherRedisAnswersThroughAnOutage() throws Exception {
        try (RedisServer redis = RedisServer.persistent()) {
            launch("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(), "--cluster", redis.uri().toString());
            assertThat(running).as("started; stderr: %s", err).isNotNull();
            String base = "http://" + ClientAddress.of(running.server().boundAddress());
            TestClient client = TestClient.connect(URI.create(base.replace("http", "ws") + "/hubs/default/ws"));

            await().atMost(Duration.ofSeconds(20)).until(() -> role(base).path("role").asText().equals("leader"));
            JsonNode status = get(base + "/status");
            assertThat(status.path("cluster").path("redis").asText()).isEqualTo(redis.uri().toString());
            assertThat(role(base).path("redisReachable").asBoolean()).isTrue();
            assertThat(get(base + "/healthz").path("hubs").path("default").path("cluster").path("role").asText()).isEqualTo("leader");
            await().atMost(Duration.ofSeconds(20)).until(() -> origin.connectionCount() == 1);
            origin.publish("before");
            assertThat(client.nextText()).isEqualTo("before");
            assertThat(readyz(base).statusCode()).isEqualTo(200);

            redis.kill();
            await().atMost(Duration.ofSeconds(20)).until(() -> !role(base).path("redisReachable").asBoolean());
            assertThat(role(base).path("redisError").asText()).isNotEmpty();
            HttpResponse<String> notReady = readyz(base);
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("hub 'default' cannot reach the cluster's Redis at " + redis.uri());
            assertThat(get(base + "/status").path("hubs").get(0).path("ports").asInt()).as("the port stays attached").isEqualTo(1);
            assertThat(client.isOpen()).isTrue();

            redis.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> role(base).path("redisReachable").asBoolean()
                    && role(base).path("role").asText().equals("leader") && readyz(base).statusCode() == 200);
            await().atMost(Duration.ofSeconds(20)).until(() -> origin.connectionCount() == 1);
            origin.publish("after");
            await().atMost(Duration.ofSeconds(20)).until(() -> client.texts().contains("after"));
            client.close();
        }
    }

    @Test
    void aClusterTickOverAThirdOfTheLeaseStopsTheStartWithOneLine() {
        assertThat(run("--upstream", origin.uri().toString(), "--cluster", "redis://127.0.0.1:6379", "--cluster-lease", "1s",
                "--cluster-tick", "500ms")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).isEqualTo("invalid --cluster-tick '500ms': it must be positive and at most a third of "
                + "--cluster-lease '1s', so that a leader renews its lease at least twice before it runs out; shorten the tick or "
                + "lengthen the lease");
    }

    @Test
    void aLeaseThatIsNotADurationStopsTheStartWithOneLine() {
        assertThat(run("--upstream", origin.uri().toString(), "--cluster-lease", "three")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("invalid --cluster-lease 'three'");
    }

    @Test
    void theLeaseGivenIsTheLeaseTheLeaderTakesInRedis() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            launch("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(), "--cluster", redis.uri().toString(),
                    "--cluster-lease", "20s", "--cluster-tick", "1s");
            assertThat(running).as("started; stderr: %s", err).isNotNull();
            // The default lease is 3s: a time to live above it is the option's. The lease is renewed every tick, so it stays near 20s.
            await().atMost(Duration.ofSeconds(20)).until(() -> pttl(redis, "switchboard:{default}:lease") > 10_000);
        }
    }

    /** {@code PTTL key} in milliseconds, over a plain socket (RESP inline command). */
    private static long pttl(RedisServer redis, String key) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", redis.port())) {
            socket.getOutputStream().write(("PTTL " + key + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Long.parseLong(line.substring(1)); // ":12345", or ":-2" before any instance holds the lease
        }
    }

    private JsonNode role(String base) throws Exception {
        return get(base + "/status").path("hubs").get(0).path("cluster");
    }

    private JsonNode get(String url) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> readyz(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
