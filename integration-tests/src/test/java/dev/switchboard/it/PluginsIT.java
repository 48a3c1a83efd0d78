package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Hub;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.cli.ExitCodes;
import dev.switchboard.server.cli.Main;
import dev.switchboard.server.cli.RunningServer;
import dev.switchboard.testsupport.WebSocketOrigin;
import dev.switchboard.testsupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --plugins DIR}, end to end through the packaged server's code (its {@code Main}, run
 * in-process): plugin jars that are not on the class path are loaded from the directory, their
 * transports serve hubs beside the built-in ones, and a broken jar or a bad directory is reported
 * the way the command line promises.
 */
class PluginsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The directory the build copies the example plugin into (see this module's pom). */
    private static final Path BUILD_PLUGINS = Path.of(System.getProperty("switchboard.it.plugins", "target/plugins"));

    @TempDir
    Path temp;

    private final List<TestClient> clients = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private RunningServer running;

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (running != null) {
            running.close();
        }
    }

    /** Starts the server as {@code java -jar switchboard-server.jar ARGS} would; fails if it does not start. */
    private SwitchboardServer launch(String... args) {
        Main.Launch launch = Main.launch(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(launch.running()).as("server started; stderr: %s", err).isPresent();
        running = launch.running().get();
        return running.server();
    }

    /** Like {@link #launch}, and returns what the server logged meanwhile (slf4j-simple logs to System.err). */
    private String launchCapturingLog(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, log), true, StandardCharsets.UTF_8));
        try {
            launch(args);
        } finally {
            System.setErr(original);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    private List<TestClient> attach(SwitchboardServer server, String hub, int n) {
        List<TestClient> attached = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            attached.add(TestClient.connectAsync(server.hubUri(hub)).join());
        }
        clients.addAll(attached);
        Hub h = server.hubs().find(hub).orElseThrow();
        await().atMost(WAIT).until(() -> h.portCount() == n && h.upstreamState() == UpstreamState.OPEN);
        return attached;
    }

    @Test
    void pluginsAreNotOnTheTestClassPath() {
        // What the other tests prove would mean nothing if the class path could provide the plugins.
        assertThatThrownBy(() -> Class.forName("com.example.switchboard.lines.LinesTransportProvider"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("itest.echo.EchoTransportProvider"))
                .isInstanceOf(ClassNotFoundException.class);
        List<String> schemes = new ArrayList<>();
        ServiceLoader.load(TransportProvider.class).forEach(p -> schemes.addAll(p.schemes()));
        assertThat(schemes).contains("ws").doesNotContain("tcp+lines", PluginJars.ECHO_SCHEME);
    }

    @Test
    void aPluginBuiltOutsideTheClassPathServesAHubThroughItsOwnClassLoader() throws Exception {
        Path plugins = Files.createDirectory(temp.resolve("plugins"));
        PluginJars.echoPlugin(plugins, temp);

        String log = launchCapturingLog("--listen", "127.0.0.1:0", "--plugins", plugins.toString(),
                "--upstream", PluginJars.ECHO_SCHEME + "://anything");
        SwitchboardServer server = running.server();
        List<TestClient> ports = attach(server, "default", 3);

        ports.get(0).sendText("hello through the plugin");

        for (TestClient port : ports) {
            await().atMost(WAIT).until(() -> port.texts().contains("echo: hello through the plugin"));
        }
        assertThat(log).contains("loading 1 plugin jar(s) from " + plugins + ": itest-echo.jar")
                .contains("transports installed: ")
                .contains(PluginJars.ECHO_SCHEME + " (itest-echo-plugin)")
                .contains("ws, wss");
    }

    @Test
    void theExamplePluginServesATcpLinesHub() throws Exception {
        Path jar = BUILD_PLUGINS.resolve("transport-lines.jar");
        assertThat(jar).as("the build copies examples/transport-lines here (integration-tests/pom.xml)").exists();
        assertThat(PluginJars.entries(jar)).as("the example plugin's jar lists its transport in META-INF/services")
                .contains(PluginJars.SERVICES);

        try (LineOrigin origin = new LineOrigin()) {
            SwitchboardServer server = launch("--listen", "127.0.0.1:0", "--plugins", BUILD_PLUGINS.toString(),
                    "--upstream", origin.uri().toString());
            List<TestClient> ports = attach(server, "default", 3);
            await().atMost(WAIT).until(() -> origin.openCount() == 1);

            origin.publish("{\"price\":101.25}");
            ports.get(1).sendText("buy 1");

            for (TestClient port : ports) {
                await().atMost(WAIT).until(() -> port.texts().contains("{\"price\":101.25}"));
            }
            await().atMost(WAIT).until(() -> origin.received().contains("buy 1"));
            assertThat(origin.acceptedCount()).as("three ports share one TCP connection").isEqualTo(1);
        }
    }

    @Test
    void aMissingPluginDirectoryIsOneLineAndExitCode2() {
        Path missing = temp.resolve("no-such-dir");

        int code = Main.run(new String[] {"--listen", "127.0.0.1:0", "--plugins", missing.toString(),
                "--upstream", "ws://127.0.0.1:9/feed"}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).isEqualTo("plugin directory '" + missing + "' does not exist: create it or drop --plugins"
                + System.lineSeparator());
    }

    @Test
    void aFileInsteadOfADirectoryIsOneLineAndExitCode2() throws Exception {
        Path file = Files.writeString(temp.resolve("plugins.txt"), "not a directory");

        int code = Main.run(new String[] {"--listen", "127.0.0.1:0", "--plugins", file.toString(),
                "--upstream", "ws://127.0.0.1:9/feed"}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("plugin directory '" + file + "' is not a directory");
    }

    @Test
    void aBrokenPluginIsLoggedAndTheOtherTransportsStillWork() throws Exception {
        Path plugins = Files.createDirectory(temp.resolve("plugins"));
        PluginJars.brokenPlugin(plugins, "com.example.broken.NoSuchTransport");
        PluginJars.echoPlugin(plugins, temp);
        Files.writeString(plugins.resolve("not-a-jar.jar"), "this is not a zip file");

        try (WebSocketOrigin origin = WebSocketOrigin.start()) {
            String log = launchCapturingLog("--listen", "127.0.0.1:0", "--plugins", plugins.toString(),
                    "--upstream", origin.uri().toString(), "--hub", "echo=" + PluginJars.ECHO_SCHEME + "://x");
            SwitchboardServer server = running.server();

            assertThat(log.lines().filter(line -> line.contains("WARN") && line.contains("com.example.broken.NoSuchTransport")))
                    .as("the broken provider is a warning naming its class; log:%n%s", log).hasSize(1);
            assertThat(log.lines().filter(line -> line.contains("WARN") && line.contains("not-a-jar.jar"))).hasSize(1);
            assertThat(err.toString()).isEmpty();

            // The built-in WebSocket transport still works...
            TestClient ws = attach(server, "default", 1).get(0);
            await().atMost(WAIT).until(() -> origin.openCount() == 1);
            origin.publish("from the websocket origin");
            await().atMost(WAIT).until(() -> ws.texts().contains("from the websocket origin"));

            // ...and so does the plugin in the good jar beside the broken one.
            TestClient echo = attach(server, "echo", 1).get(0);
            echo.sendText("still here");
            await().atMost(WAIT).until(() -> echo.texts().contains("echo: still here"));
        }
    }

    /** Writes to two streams: the test's log stays visible while it is captured. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
