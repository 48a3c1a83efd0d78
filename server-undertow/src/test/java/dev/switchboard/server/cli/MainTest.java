package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Message;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.api.config.SlowPortPolicy;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line, run in-process: its exit codes and its one-line messages. */
class MainTest extends CliHarness {


    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);

        String help = out.toString().replaceAll("\\s+", " "); // picocli wraps long lines
        for (String option : List.of("--listen", "--upstream", "--hub", "--header", "--linger", "--backoff-base",
                "--backoff-cap", "--backoff-reset", "--connect-timeout", "--eager", "--max-frame-size",
                "--port-heartbeat", "--port-timeout", "--replay", "--replay-age", "--port-queue", "--slow-policy",
                "--upstream-queue", "--on-connect", "--upstream-heartbeat", "--upstream-timeout", "--max-message-size",
                "--max-ports", "--max-refusals",
                "--demo", "--help", "--version")) {
            assertThat(help).as("help mentions " + option).contains(option);
        }
        for (String shownDefault : List.of("Default: 127.0.0.1:8080", "Default: 30s", "Default: 500ms", "Default: 1m",
                "Default: 10s", "Default: 1048576", "Default: 15s", "Default: 45s", "Default: false", "Default: 1024",
                "Default: 5m", "Default: 4096", "Default: end", "Default: 256")) {
            assertThat(help).as("help shows " + shownDefault).contains(shownDefault);
        }
        assertThat(help).contains("Exit codes:").contains("2").contains("Bad input");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void everyOptionDescriptionStatesItsDefault() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new CliOptions()).getCommandSpec();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            assertThat(String.join(" ", option.description())).as(option.longestName()).contains("Default:");
        }
    }

    @Test
    void commandLineDefaultsAreTheServerDefaults() {
        CliOptions options = CommandLine.populateCommand(new CliOptions(), "--upstream", "ws://127.0.0.1:9001/feed");

        ServerConfig fromCli = ConfigReader.read(options).config(null);

        ServerConfig expected = ServerConfig.builder().hub("default", URI.create("ws://127.0.0.1:9001/feed")).build();
        assertThat(fromCli).isEqualTo(expected);
    }

    @Test
    void hubOptionsBecomeTheHubSettings() {
        CliOptions options = CommandLine.populateCommand(new CliOptions(), "--upstream", "ws://127.0.0.1:9001/feed",
                "--replay", "100", "--replay-age", "2m", "--port-queue", "500", "--slow-policy", "drop-oldest",
                "--upstream-queue", "0", "--on-connect", "{\"subscribe\":\"a\"}", "--on-connect", "second",
                "--upstream-heartbeat", "5s", "--upstream-timeout", "20s", "--max-message-size", "65536");

        HubSettings settings = ConfigReader.read(options).config(null).hubs().get(0).settings();

        assertThat(settings).isEqualTo(HubSettings.builder()
                .replay(100, Duration.ofMinutes(2))
                .portQueue(500)
                .slowPolicy(SlowPortPolicy.DROP_OLDEST)
                .upstreamQueue(0)
                .onConnect("{\"subscribe\":\"a\"}")
                .onConnect("second")
                .upstreamHeartbeat(Duration.ofSeconds(5), Duration.ofSeconds(20))
                .maxMessageSize(65536)
                .build());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --replay | -1 | invalid replay -1: use a whole number of 0 or more, e.g. 1024
            --replay | lots | invalid replay 'lots'
            --replay-age | 0s | invalid replay-age 0ms: it must be longer than zero
            --port-queue | 0 | invalid port-queue 0: use a whole number of at least 1
            --port-queue | 99999999999 | invalid port-queue '99999999999': the number is too large
            --slow-policy | sometimes | invalid slow-policy 'sometimes': write end or drop-oldest
            --upstream-queue | -3 | invalid upstream-queue -3
            --upstream-heartbeat | soon | invalid upstream-heartbeat 'soon'
            --upstream-timeout | 0ms | invalid upstream-timeout 0ms
            --max-message-size | 0 | invalid max-message-size 0: use a whole number of at least 1
            --max-ports | 0 | invalid max-ports 0: use a whole number of at least 1
            --max-refusals | none | invalid max-refusals 'none': write a whole number
            --upstream-ca | /nonexistent/ca.pem | upstream-ca /nonexistent/ca.pem cannot be read (
            """)
    void badHubOptionValuesAreOneLineNamingTheOptionAndExitCode2(String option, String value, String message) {
        assertThat(run("--upstream", origin.uri().toString(), option, value)).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith(message);
    }

    @Test
    void inconsistentHubOptionsNameBothOptions() {
        assertThat(run("--upstream", origin.uri().toString(), "--replay", "100", "--port-queue", "50"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("replay 100").contains("port-queue 50").contains("at least 102");
        err.getBuffer().setLength(0);

        assertThat(run("--upstream", origin.uri().toString(), "--upstream-heartbeat", "10s", "--upstream-timeout", "5s"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("upstream-timeout 5s").contains("upstream-heartbeat 10s");
    }

    @Test
    void onConnectFramesReachTheUpstreamInOrderAfterItConnects() throws Exception {
        Main.Launch launch = launch("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(),
                "--on-connect", "{\"subscribe\":\"prices\"}", "--on-connect", "{\"subscribe\":\"news\"}");
        assertThat(launch.running()).as(err.toString()).isPresent();

        try (TestClient client = TestClient.connect(running.server().hubUri("default"))) {
            org.awaitility.Awaitility.await().atMost(TestClient.WAIT).until(() -> origin.received().size() == 2);
            assertThat(client.isClosed()).isFalse();
            assertThat(origin.received()).extracting(Message::text)
                    .containsExactly("{\"subscribe\":\"prices\"}", "{\"subscribe\":\"news\"}");
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void versionIsShown() {
        assertThat(run("--version")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("switchboard-server");
    }

    @Test
    void badDurationIsOneLineAndExitCode2() {
        assertThat(run("--upstream", origin.uri().toString(), "--linger", "5x")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine())
                .isEqualTo("invalid linger '5x': write a number followed by ms, s, m or h, e.g. 500ms, 2s, 1m");
    }

    @Test
    void negativeDurationIsOneLineAndExitCode2() {
        assertThat(run("--upstream", origin.uri().toString(), "--backoff-base", "-5s")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("invalid backoff-base '-5s': it cannot be negative");
    }

    @Test
    void unknownSchemeIsOneLineNamingItAndExitCode2() {
        assertThat(run("--listen", "127.0.0.1:0", "--upstream", "foo://x/feed")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("hub 'default' (upstream foo://x/feed): ").contains("scheme 'foo'");
    }

    @Test
    void malformedUrlIsOneLineNamingItAndExitCode2() {
        assertThat(run("--listen", "127.0.0.1:0", "--upstream", "ws://bad host/feed")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("invalid upstream URL 'ws://bad host/feed' for --upstream: ")
                .contains("e.g. ws://127.0.0.1:9001/feed");
    }

    @Test
    void urlWithoutHostIsOneLineAndExitCode2() {
        assertThat(run("--listen", "127.0.0.1:0", "--upstream", "ws:///feed")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("'ws:///feed'").contains("no host");
    }

    @Test
    void malformedListenIsOneLineAndExitCode2() {
        assertThat(run("--listen", "nohostport", "--upstream", origin.uri().toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).isEqualTo(
                "invalid --listen 'nohostport': write HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080");
    }

    @Test
    void portInUseIsOneLineAndExitCode2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThat(run("--listen", "127.0.0.1:" + port, "--upstream", origin.uri().toString())).isEqualTo(ExitCodes.BAD_INPUT);

            assertThat(oneErrorLine()).isEqualTo("cannot listen on 127.0.0.1:" + port
                    + ": address already in use; choose another with --listen HOST:PORT");
        }
    }

    @Test
    void demoAndUpstreamTogetherIsAnError() {
        assertThat(run("--demo", "--upstream", origin.uri().toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("--demo").contains("--upstream");
    }

    @Test
    void noUpstreamAtAllIsAnError() {
        assertThat(run("--listen", "127.0.0.1:0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("--upstream").contains("--demo");
    }

    @Test
    void unknownOptionAndNonNumberAreOneLineAndExitCode2() {
        assertThat(run("--upstream", origin.uri().toString(), "--no-such-option")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("--no-such-option").contains("--help");
        err.getBuffer().setLength(0);

        assertThat(run("--upstream", origin.uri().toString(), "--max-frame-size", "big")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("max-frame-size").contains("big");
    }

    @Test
    void badHubAndHeaderAssignmentsNameTheValue() {
        assertThat(run("--upstream", origin.uri().toString(), "--hub", "prices")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("invalid --hub 'prices': write NAME=URI, e.g.");
        err.getBuffer().setLength(0);

        assertThat(run("--upstream", origin.uri().toString(), "--hub", "default=" + origin.uri())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("'default'").contains("twice");
        err.getBuffer().setLength(0);

        assertThat(run("--upstream", origin.uri().toString(), "--header", "NoEquals")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("invalid headers 'NoEquals': write NAME=VALUE");
    }

    @Test
    void inconsistentSettingsNameBothOptions() {
        assertThat(run("--upstream", origin.uri().toString(), "--backoff-base", "10s", "--backoff-cap", "1s"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("backoff-cap 1s").contains("backoff-base 10s");
        err.getBuffer().setLength(0);

        assertThat(run("--upstream", origin.uri().toString(), "--port-heartbeat", "10s", "--port-timeout", "5s"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("port-timeout 5s").contains("port-heartbeat 10s");
    }

    @Test
    void startsServesAndStops() throws Exception {
        InMemoryOrigin prices = ServerFixture.newOrigin();
        try {
            Main.Launch launch = Main.launch(new String[] {"--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(),
                    "--hub", "prices=" + prices.uri(), "--linger", "0s", "--header", "X-Token=abc=def"},
                    new PrintWriter(out, true), new PrintWriter(err, true));

            Optional<RunningServer> started = launch.running();
            assertThat(started).isPresent();
            running = started.get();
            assertThat(running.server().hubs().asMap()).containsOnlyKeys("default", "prices");
            assertThat(Main.startLine(running.server(), null))
                    .contains("listening on 127.0.0.1:" + running.server().boundAddress().getPort())
                    .contains(origin.uri().toString()).contains(prices.uri().toString())
                    .contains("/hubs/default/ws").contains("/hubs/prices/ws");

            try (TestClient client = TestClient.connect(running.server().hubUri("default"))) {
                org.awaitility.Awaitility.await().atMost(TestClient.WAIT).until(() -> origin.connectionCount() == 1
                        && running.server().hubs().find("default").orElseThrow().portCount() == 1);
                assertThat(origin.requests().get(0).headers()).containsEntry("X-Token", "abc=def");
                origin.publish(Message.text("through the packaged server"));
                assertThat(client.nextText()).isEqualTo("through the packaged server");

                running.close();
                assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.GOING_AWAY);
            }
            assertThat(err.toString()).isEmpty();
        } finally {
            prices.close();
        }
    }
}
