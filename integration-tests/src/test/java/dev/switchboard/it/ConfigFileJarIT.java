package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.SseOrigin;
import dev.switchboard.testsupport.TestClient;
import dev.switchboard.testsupport.WebSocketOrigin;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --config} and {@code --check-config} through the packaged jar as a process: the YAML
 * reader is in the jar, the committed example checks and serves, the environment overrides the
 * file, and a bad file prints every error and exits 2.
 */
class ConfigFileJarIT {

    private static final Path JAR = Path.of("..", "server-undertow", "target", "switchboard-server.jar");
    private static final Path EXAMPLE = Path.of("..", "examples", "switchboard.yaml");
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+:\\d+)");
    private static final Map<String, String> SECRETS = Map.of("QUOTES_API_KEY", "jar-api-key-7",
            "QUOTES_CLIENT_TOKEN", "jar-client-token-0123456789");

    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void kill() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        assertThat(JAR).as("the packaged server (build it with mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static String all(java.io.InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theExampleChecksWithItsSecretRedacted() throws Exception {
        Process check = start(SECRETS, "--check-config", EXAMPLE.toString());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = all(check.getInputStream());
        String err = all(check.getErrorStream());

        assertThat(check.exitValue()).as(err).isZero();
        assertThat(out).contains("hubs:", "prices:", "news:", "quotes:", "X-Api-Key: <redacted>")
                .doesNotContain("jar-api-key-7");
    }

    @Test
    void aBadFilePrintsEveryErrorAndExits2() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:0
                hubs:
                  prices:
                    upstream: ws://127.0.0.1:9/prices
                    heartbeat: 30s
                    linger: soon
                """);

        for (String option : List.of("--check-config", "--config")) {
            Process process = start(Map.of(), option, file.toString());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = all(process.getErrorStream());
            assertThat(process.exitValue()).as(option).isEqualTo(2);
            assertThat(err).as(option).contains("hubs.prices.heartbeat: unknown key 'heartbeat': did you mean 'port-heartbeat'?")
                    .contains("hubs.prices.linger: invalid linger 'soon'").doesNotContain("Exception");
        }
    }

    @Test
    void theJarServesTheExamplesHubsWithTheEnvironmentOverridingTheFile() throws Exception {
        try (WebSocketOrigin prices = WebSocketOrigin.start(); SseOrigin news = new SseOrigin();
             WebSocketOrigin quotes = WebSocketOrigin.start()) {
            Map<String, String> env = new java.util.HashMap<>(SECRETS);
            env.put("SWITCHBOARD_LISTEN", "127.0.0.1:0");
            Process server = start(env, "--config", EXAMPLE.toString(), "--hub", "prices=" + prices.uri("/prices"),
                    "--hub", "news=" + news.uri(), "--hub", "quotes=" + quotes.uri("/stream"));
            String base = awaitListening(server);

            assertThat(prices.received().next(Duration.ofSeconds(30))).isEqualTo("{\"subscribe\":\"prices\"}");
            TestClient client = TestClient.connectAsync(URI.create("ws://" + base + "/hubs/news/ws")).join();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> news.openStreams() == 1);
            news.publish();
            assertThat(client.nextText()).isEqualTo("event-1");
            client.close();
        }
    }

    /**
     * {@code log-levels} in the file: one logger silenced (Main's INFO line "listening on"), one
     * enabled below the built-in WARN (XNIO's INFO greeting).
     */
    @Test
    void theFilesLogLevelsSilenceOneLoggerAndEnableAnother() throws Exception {
        Path file = dir.resolve("levels.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:0
                demo: true
                log-levels:
                  dev.switchboard.server.cli.Main: warn
                  org.xnio: info
                """);
        Process server = start(Map.of(), "--config", file.toString());
        BlockingQueue<String> lines = PackagedJarIT.lines(server.getInputStream());
        List<String> seen = new ArrayList<>();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            lines.drainTo(seen);
            assertThat(server.isAlive()).as("the server runs; it printed %s", seen).isTrue();
            assertThat(seen).as("XNIO's INFO line, which the built-in level holds back")
                    .anyMatch(line -> line.contains(" INFO ") && line.contains("XNIO version"));
            assertThat(seen).as("a hub's INFO line: the root level is still info")
                    .anyMatch(line -> line.contains("INFO  RealHub") && line.contains("hub 'default' ready"));
        });
        assertThat(seen).as("Main's INFO line, silenced by the file").noneMatch(line -> line.contains("listening on"));
    }

    private static String awaitListening(Process server) throws Exception {
        BlockingQueue<String> lines = PackagedJarIT.lines(server.getInputStream());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (!server.isAlive()) {
                throw new AssertionError("the server exited with " + server.exitValue() + ": " + all(server.getErrorStream()));
            }
        }
        throw new AssertionError("the server did not say where it listens within 60s");
    }
}
