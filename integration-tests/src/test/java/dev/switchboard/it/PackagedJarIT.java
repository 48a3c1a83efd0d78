package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.TestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executable jar, run the way the README says, as its own process: the quick start's
 * {@code --demo}, and the one-line errors an operator meets.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("..", "server-undertow", "target", "switchboard-server.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):(\\d+)");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void kill() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(String... args) throws IOException {
        return startWith(List.of(), args);
    }

    private Process startWith(List<String> jvmOptions, String... args) throws IOException {
        assertThat(JAR).as("the packaged server (build it with mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        processes.add(process);
        return process;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Every line a stream prints, as it prints it. */
    static BlockingQueue<String> lines(java.io.InputStream stream) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "jar-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void theQuickStartDemoServesTicksAndHealth() throws Exception {
        Process server = start("--demo", "--listen", "127.0.0.1:0");
        BlockingQueue<String> out = lines(server.getInputStream());
        lines(server.getErrorStream());

        Matcher address = null;
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (address == null && System.nanoTime() < deadline) {
            String line = out.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    address = m;
                }
            }
            assertThat(server.isAlive()).as("server exited early; it printed %s", seen).isTrue();
        }
        assertThat(address).as("no 'listening on' line within 60s; the server printed %s", seen).isNotNull();
        String base = address.group(1) + ":" + address.group(2);

        HttpClient http = HttpClient.newHttpClient();
        TestClient client = TestClient.connectAsync(URI.create("ws://" + base + "/hubs/default/ws")).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.texts().size() >= 2);
        assertThat(client.texts().get(0)).contains("\"symbol\"").contains("\"seq\"");

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"default\"").contains("\"ports\":1").contains("OPEN");
        client.close();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("/client/switchboard.js");
        assertThat(String.join("\n", seen)).contains("open http://" + base + "/ in a browser");
    }

    @Test
    void anUnknownSchemeStopsTheServerWithOneLineAndExitCode2() throws Exception {
        Process server = start("--listen", "127.0.0.1:0", "--upstream", "foo://127.0.0.1:9/feed");
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(err.lines()).hasSize(1);
        assertThat(err).contains("foo://127.0.0.1:9/feed").contains("no transport handles scheme 'foo'").contains("ws, wss");
    }

    @Test
    void aPortInUseStopsTheServerWithOneLineAndExitCode2() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Process server = start("--listen", "127.0.0.1:" + taken.getLocalPort(), "--upstream", "ws://127.0.0.1:9/feed");
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(server.exitValue()).isEqualTo(2);
            assertThat(err).isEqualTo("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use; choose another with --listen HOST:PORT");
        }
    }

    @Test
    void helpListsEveryOption() throws Exception {
        Process server = start("--help");
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(server.exitValue()).isZero();
        assertThat(out).contains("--listen", "--upstream", "--hub", "--header", "--linger", "--backoff-base",
                "--backoff-cap", "--backoff-reset", "--connect-timeout", "--eager", "--max-frame-size",
                "--port-heartbeat", "--port-timeout", "--demo");
        assertThat(Files.size(JAR)).isPositive();
    }

    /** Waits for the "listening on" line and returns HOST:PORT; every line read is added to {@code seen}. */
    private static String awaitListening(Process server, BlockingQueue<String> out, List<String> seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String line = out.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return m.group(1) + ":" + m.group(2);
                }
            }
            assertThat(server.isAlive()).as("server exited early; it printed %s", seen).isTrue();
        }
        throw new AssertionError("no 'listening on' line within 60s; the server printed " + seen);
    }

    @Test
    void sigtermTellsEnvelopePortsClosesWebSocketsWith1001AndExitsZero() throws Exception {
        Process server = start("--demo", "--listen", "127.0.0.1:0", "--drain-timeout", "5s");
        BlockingQueue<String> out = lines(server.getInputStream());
        List<String> seen = new ArrayList<>();
        String base = awaitListening(server, out, seen);
        HttpClient http = HttpClient.newHttpClient();
        TestClient raw = TestClient.connectAsync(URI.create("ws://" + base + "/hubs/default/ws")).join();
        dev.switchboard.testsupport.EnvelopeClient envelope =
                dev.switchboard.testsupport.EnvelopeClient.connect(URI.create("ws://" + base + "/hubs/default/ws"));
        await().atMost(Duration.ofSeconds(30)).until(() -> raw.texts().size() >= 1);

        // SIGTERM through the handle: Process.destroy() also closes this side's pipes at once, which
        // loses every line the server writes while it drains.
        server.toHandle().destroy();

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server stops within its drain timeout").isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(raw.awaitClose().code()).isEqualTo(1001);
        List<com.fasterxml.jackson.databind.JsonNode> before = envelope.until(e -> e.path("shutdown").asBoolean(false));
        assertThat(before.get(before.size() - 1).path("type").asText()).isEqualTo("status");
        assertThat(envelope.awaitClose().code()).isEqualTo(1001);
        // The reader thread may still be handing over the last lines of the ended process.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            out.drainTo(seen);
            assertThat(String.join("\n", seen)).as("the server's log names the signal and the end of the drain")
                    .contains("SIGTERM: no new connections").contains("ShutdownSignals hub=- port=- stopped");
        });
    }

    /**
     * Issue 9, lifecycle: SIGTERM stops accepting. A client that does not read holds the drain open;
     * meanwhile a new TCP connection to the port is refused, a reading client is told and closed with
     * 1001, and the process exits 0 at its drain timeout.
     */
    @Test
    void sigtermRefusesNewConnectionsWhileAClientThatDoesNotReadHoldsTheDrainOpen() throws Exception {
        try (dev.switchboard.testsupport.WebSocketOrigin origin = dev.switchboard.testsupport.WebSocketOrigin.start()) {
            Process server = start("--upstream", origin.uri("/feed").toString(), "--listen", "127.0.0.1:0",
                    "--drain-timeout", "5s");
            BlockingQueue<String> out = lines(server.getInputStream());
            List<String> seen = new ArrayList<>();
            String base = awaitListening(server, out, seen);
            int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
            URI hub = URI.create("ws://" + base + "/hubs/default/ws");
            dev.switchboard.testsupport.EnvelopeClient reader = dev.switchboard.testsupport.EnvelopeClient.connect(hub);
            reader.next("welcome");
            // A small receive window and no reads: its queue cannot empty, so the drain has to wait for it.
            try (dev.switchboard.testsupport.RawSocketClient stalled =
                         dev.switchboard.testsupport.RawSocketClient.connect(hub, null, 4096)) {
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(30)).until(() -> origin.openCount() == 1);
                String big = "x".repeat(64 * 1024);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    origin.publish(big);
                    return deepestQueue(http, base) > 8;
                });
                assertThat(connect(port)).isEqualTo("connected");

                server.toHandle().destroy();

                reader.until(e -> e.path("shutdown").asBoolean(false));
                assertThat(connect(port)).as("a new TCP connection after SIGTERM").isEqualTo("refused");
                assertThat(server.isAlive()).as("the stalled client still holds the drain open").isTrue();
                assertThat(reader.awaitClose().code()).isEqualTo(1001);
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server stops at its drain timeout").isTrue();
                assertThat(server.exitValue()).isZero();
            }
        }
    }

    /** The fullest port queue of the hub {@code default}, from {@code /metrics}. */
    private static double deepestQueue(HttpClient http, String base) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^switchboard_port_queue_items_max\\{hub=\"default\"} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** "connected" or "refused": whether a new TCP connection to the port is accepted. */
    private static String connect(int port) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            return "connected";
        } catch (java.net.ConnectException refused) {
            return "refused";
        }
    }

    /**
     * Issue 9, lifecycle: SIGTERM flushes what upstreams took, not only what ports queued. An
     * origin that reads nothing until the signal, then slowly (about 1 MB/s): client sends acked
     * {@code sent} just before the signal wait in the upstream transport; the drain waits for them
     * to be written before it closes the upstream and the process exits, so the origin gets every
     * one. Without that wait the process exits within seconds with megabytes still unwritten.
     */
    @Test
    void sigtermWaitsForTheUpstreamToWriteSendsAckedSentBeforeTheSignal() throws Exception {
        int messageBytes = 700 * 1024;
        int sends = 10;
        try (StalledOrigin origin = new StalledOrigin()) {
            Process server = start("--upstream", origin.uri().toString(), "--listen", "127.0.0.1:0",
                    "--drain-timeout", "60s", "--send-bytes-rate", "1073741824");
            BlockingQueue<String> out = lines(server.getInputStream());
            List<String> seen = new ArrayList<>();
            String base = awaitListening(server, out, seen);
            dev.switchboard.testsupport.EnvelopeClient client =
                    dev.switchboard.testsupport.EnvelopeClient.connect(URI.create("ws://" + base + "/hubs/default/ws"));
            client.next("welcome");
            String padding = "p".repeat(messageBytes);
            for (int i = 0; i < sends; i++) {
                String id = "s" + i;
                client.send("{\"type\":\"send\",\"id\":\"" + id + "\",\"data\":\"m" + i + "-" + padding + "\"}");
                List<com.fasterxml.jackson.databind.JsonNode> got = client.until(e -> id.equals(e.path("ref").asText()));
                com.fasterxml.jackson.databind.JsonNode reply = got.get(got.size() - 1);
                assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("ack");
                assertThat(reply.path("status").asText()).isEqualTo("sent");
            }

            server.toHandle().destroy();
            client.until(e -> e.path("shutdown").asBoolean(false));
            java.util.concurrent.CompletableFuture<List<String>> frames =
                    origin.readTextFrames(origin.accepted().get(0), 1 << 20);

            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops within its drain timeout").isTrue();
            assertThat(server.exitValue()).isZero();
            List<String> read = frames.get(60, TimeUnit.SECONDS);
            assertThat(read).as("text frames the origin read after the signal").hasSize(sends);
            for (int i = 0; i < sends; i++) {
                assertThat(read.get(i)).startsWith("m" + i + "-").hasSize(messageBytes + ("m" + i + "-").length());
            }
        }
    }

    @Test
    void metricsReadinessAndStatusAnswerFromThePackagedJar() throws Exception {
        Process server = start("--demo", "--listen", "127.0.0.1:0", "--log-format", "json");
        BlockingQueue<String> out = lines(server.getInputStream());
        List<String> seen = new ArrayList<>();
        String base = awaitListening(server, out, seen);
        HttpClient http = HttpClient.newHttpClient();
        TestClient client = TestClient.connectAsync(URI.create("ws://" + base + "/hubs/default/ws")).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.texts().size() >= 2);

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("switchboard_ports{hub=\"default\"} 1.0",
                "switchboard_upstream_messages_received_total{hub=\"default\"}", "jvm_memory_used_bytes");
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        HttpResponse<String> icon = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/favicon.ico")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(icon.statusCode()).isEqualTo(200);
        client.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            out.drainTo(seen);
            return seen.stream().anyMatch(line -> line.startsWith("{") && line.contains("\"hub\":\"default\""));
        });
        assertThat(seen).allSatisfy(line -> assertThat(line).startsWith("{"));
    }

    @Test
    void anOperatorsOwnLogbackFileReplacesTheServersLayout(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>OPERATOR %-5level %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <logger name="dev.switchboard.server" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        Process server = startWith(List.of("-Dlogback.configurationFile=" + logback), "--demo", "--listen", "127.0.0.1:0",
                "--log-format", "json");
        BlockingQueue<String> out = lines(server.getInputStream());
        List<String> seen = new ArrayList<>();
        // Main's "listening on" line is under dev.switchboard.server, which the file holds at WARN:
        // wait for the hub's own INFO line instead.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            out.drainTo(seen);
            assertThat(seen).anyMatch(line -> line.startsWith("OPERATOR INFO  RealHub hub 'default' ready"));
        });
        assertThat(seen).as("every line in the operator's layout, not JSON").allMatch(line -> line.startsWith("OPERATOR "));
        assertThat(seen).noneMatch(line -> line.contains("listening on"));
    }

    @Test
    void aFailedStartPrintsNothingButItsErrorLine() throws Exception {
        Process server = start("--listen", "127.0.0.1:0", "--upstream", "foo://127.0.0.1:9/feed");
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stdout = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(stdout).isEmpty();
        assertThat(err.lines()).hasSize(1);
    }

    @Test
    void theDockerfileRunsTheJarTheBuildMakes() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "examples", "deploy", "Dockerfile"));
        String pom = Files.readString(Path.of("..", "server-undertow", "pom.xml"));
        assertThat(pom).contains("<outputFile>${project.build.directory}/switchboard-server.jar</outputFile>");
        assertThat(dockerfile).contains("COPY --from=build /src/server-undertow/target/switchboard-server.jar ")
                .contains("HEALTHCHECK").contains("/healthz").contains("USER switchboard");
        assertThat(JAR.getFileName().toString()).isEqualTo("switchboard-server.jar");
    }

    /**
     * Issue 14: the image bounds the heap by default (JAVA_OPTS, overridable) and its entrypoint
     * really passes JAVA_OPTS and the CMD words on: the ENTRYPOINT's shell line is run here, on the
     * jar the build made, with JAVA_OPTS set as a user would override it.
     */
    @Test
    void theDockerfileAndTheUnitBoundTheHeapByDefaultAndPassJavaOptsOn() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "examples", "deploy", "Dockerfile"));
        assertThat(dockerfile).contains("ENV JAVA_OPTS=\"-Xmx512m\"");
        String entrypoint = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow()
                .substring("ENTRYPOINT ".length());
        List<String> words = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(entrypoint).forEach(w -> words.add(w.asText()));
        assertThat(words).hasSize(4).startsWith("sh", "-c");
        String script = words.get(2).replace("/opt/switchboard/switchboard-server.jar", JAR.toAbsolutePath().toString());

        ProcessBuilder run = new ProcessBuilder("sh", "-c", script, words.get(3), "--version").redirectErrorStream(true);
        run.environment().put("PATH", Path.of(javaBinary()).getParent() + ":" + System.getenv("PATH"));
        run.environment().put("JAVA_OPTS", "-Xmx64m -XshowSettings:vm");
        Process process = run.start();
        processes.add(process);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as("JAVA_OPTS reached the JVM").containsPattern("Max\\. Heap Size.*: 64\\.00M");
        assertThat(output).as("the words after the image name reached the server (--version)").containsPattern("switchboard-server \\d");

        String unit = Files.readString(Path.of("..", "examples", "deploy", "switchboard.service"));
        assertThat(unit).contains("Environment=JAVA_OPTS=-Xmx512m").contains("ExecStart=/usr/bin/java $JAVA_OPTS ");
    }
}
