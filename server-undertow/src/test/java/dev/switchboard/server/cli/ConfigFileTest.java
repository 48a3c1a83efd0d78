package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Message;
import dev.switchboard.api.config.SlowPortPolicy;
import dev.switchboard.server.ServedHub;
import dev.switchboard.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --config FILE}: its keys, its precedence under the environment and the command line,
 * {@code ${VAR}}, and {@code --check-config}'s errors. Read without starting a server; the start
 * from a file is {@link ExampleConfigTest}'s.
 */
class ConfigFileTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The configuration that the arguments, the environment and the file describe. */
    private static ServerConfig read(Path file, Map<String, String> env, String... args) {
        CliOptions options = new CliOptions();
        CommandLine.ParseResult parsed = new CommandLine(options).parseArgs(args);
        return FileConfigReader.read(options, parsed, env, file).plan().config(null);
    }

    private int check(Path file, Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--check-config";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.launch(all, new PrintWriter(out, true), new PrintWriter(err, true), env).exitCode();
    }

    private List<String> errorLines() {
        return err.toString().lines().skip(1).toList();
    }

    @Test
    void hubsWithTheirOwnSettingsOverTheDefaults() throws IOException {
        ServerConfig config = read(file("""
                listen: 127.0.0.1:0
                defaults:
                  linger: 5s
                  replay: 10
                hubs:
                  prices:
                    upstream: ws://127.0.0.1:9001/prices
                    linger: 1s
                    slow-policy: drop-oldest
                    on-connect:
                      - {"subscribe": "prices"}
                      - plain text
                    headers:
                      X-Api-Key: abc
                  news:
                    upstream: sse+http://127.0.0.1:9002/news
                """), Map.of());

        assertThat(config.hubs()).extracting(ServedHub::name).containsExactly("prices", "news");
        ServedHub prices = config.hub("prices").orElseThrow();
        assertThat(prices.upstream()).hasToString("ws://127.0.0.1:9001/prices");
        assertThat(prices.settings().linger()).isEqualTo(Duration.ofSeconds(1));
        assertThat(prices.settings().replay()).isEqualTo(10);
        assertThat(prices.settings().slowPolicy()).isEqualTo(SlowPortPolicy.DROP_OLDEST);
        assertThat(prices.settings().onConnect()).containsExactly(Message.text("{\"subscribe\":\"prices\"}"),
                Message.text("plain text"));
        assertThat(prices.settings().headers()).containsExactly(Map.entry("X-Api-Key", "abc"));
        ServedHub news = config.hub("news").orElseThrow();
        assertThat(news.settings().linger()).isEqualTo(Duration.ofSeconds(5));
        assertThat(news.settings().slowPolicy()).isEqualTo(SlowPortPolicy.END);
        assertThat(config.listen().port()).isZero();
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = file("""
                defaults:
                  linger: 5s
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                    port-queue: 3000
                """);
        Map<String, String> env = Map.of("SWITCHBOARD_LINGER", "7s", "SWITCHBOARD_PORT_QUEUE", "3001");

        assertThat(read(file, Map.of()).hub("a").orElseThrow().settings().linger()).isEqualTo(Duration.ofSeconds(5));
        assertThat(read(file, env).hub("a").orElseThrow().settings().linger()).isEqualTo(Duration.ofSeconds(7));
        assertThat(read(file, env).hub("a").orElseThrow().settings().portQueue()).isEqualTo(3001);
        ServerConfig typed = read(file, env, "--linger", "9s", "--port-queue", "3002");
        assertThat(typed.hub("a").orElseThrow().settings().linger()).isEqualTo(Duration.ofSeconds(9));
        assertThat(typed.hub("a").orElseThrow().settings().portQueue()).isEqualTo(3002);
        // Not written anywhere: the model's default.
        assertThat(read(file, Map.of()).hub("a").orElseThrow().settings().replayAge())
                .isEqualTo(dev.switchboard.api.config.HubSettings.defaults().replayAge());
    }

    @Test
    void theCommandLineMayRepointAFileHubAndAddHubsThatShareTheDefaults() throws IOException {
        ServerConfig config = read(file("""
                defaults:
                  linger: 5s
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                    linger: 1s
                """), Map.of(), "--hub", "a=ws://127.0.0.1:9100/other", "--hub", "b=ws://127.0.0.1:9101/b");

        assertThat(config.hub("a").orElseThrow().upstream()).hasToString("ws://127.0.0.1:9100/other");
        assertThat(config.hub("a").orElseThrow().settings().linger()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.hub("b").orElseThrow().settings().linger()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void accessRulesArePerHubWithServerWideDefaults() throws IOException {
        ServerConfig config = read(file("""
                defaults:
                  allow-origin: https://app.example
                  send-rate: 10
                hubs:
                  open:
                    upstream: ws://127.0.0.1:9001/a
                  locked:
                    upstream: ws://127.0.0.1:9001/b
                    auth: bearer
                    auth-token-env: LOCKED_TOKEN
                    require-origin: true
                    allow-origin:
                      - https://one.example
                      - https://two.example
                """), Map.of("LOCKED_TOKEN", "0123456789abcdef-token"));

        var open = config.security().access("open");
        assertThat(open.origins().origins()).containsExactly("https://app.example");
        assertThat(open.auth().isNone()).isTrue();
        assertThat(open.sendRate().messagesPerSecond()).isEqualTo(10);
        var locked = config.security().access("locked");
        assertThat(locked.origins().origins()).containsExactlyInAnyOrder("https://one.example", "https://two.example");
        assertThat(locked.origins().requireOrigin()).isTrue();
        assertThat(locked.auth().describe()).isEqualTo("static bearer token");
        assertThat(locked.sendRate().messagesPerSecond()).isEqualTo(10);
    }

    @Test
    void variablesAreReplacedAndDoubleDollarIsALiteral() throws IOException {
        ServerConfig config = read(file("""
                hubs:
                  a:
                    upstream: ws://${ORIGIN_HOST}:9001/a
                    headers:
                      Authorization: Bearer ${API_KEY}
                    on-connect:
                      - '{"template":"$${not-a-variable}"}'
                """), Map.of("ORIGIN_HOST", "127.0.0.1", "API_KEY", "s3cret"));

        ServedHub hub = config.hub("a").orElseThrow();
        assertThat(hub.upstream()).hasToString("ws://127.0.0.1:9001/a");
        assertThat(hub.settings().headers()).containsEntry("Authorization", "Bearer s3cret");
        assertThat(hub.settings().onConnect()).containsExactly(Message.text("{\"template\":\"${not-a-variable}\"}"));
    }

    @Test
    void checkConfigPrintsTheEffectiveConfigurationWithSecretsRedacted() throws IOException {
        Path file = file("""
                listen: 127.0.0.1:0
                hubs:
                  a:
                    upstream: ws://user:pw@127.0.0.1:9001/a?key=plain-secret
                    headers:
                      X-Api-Key: ${API_KEY}
                      X-Plain: written-in-the-file
                    on-connect:
                      - '{"auth":"${API_KEY}"}'
                """);

        assertThat(check(file, Map.of("API_KEY", "s3cret-value"), "--linger", "2s")).as(err.toString()).isEqualTo(0);

        String printed = out.toString();
        assertThat(printed).doesNotContain("s3cret-value").doesNotContain("written-in-the-file")
                .doesNotContain("plain-secret").doesNotContain("pw@");
        assertThat(printed).contains("listen: 127.0.0.1:0").contains("linger: 2s").contains("X-Api-Key: <redacted>")
                .contains("${API_KEY}").contains("replay: 1024").contains("auth: none").contains("eager: false");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void checkConfigPrintsEveryErrorWithItsKeyPathAndExitsTwo() throws IOException {
        Path file = file("""
                listn: 127.0.0.1:8080
                defaults:
                  linger: soon
                hubs:
                  prices:
                    upstream: ws://127.0.0.1:9001/prices
                    heartbeat: 30s
                    replay: [1, 2]
                    headers:
                      X-Api-Key: ${MISSING_KEY}
                  news:
                    upstream: nowhere
                    auth: magic
                  "bad name":
                    upstream: ws://127.0.0.1:9001/x
                """);

        assertThat(check(file, Map.of())).isEqualTo(ExitCodes.BAD_INPUT);

        List<String> errors = errorLines();
        assertThat(err.toString()).startsWith(file + ": " + errors.size() + " errors");
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("listn: unknown key 'listn': did you mean 'listen'?"));
        assertThat(errors).anySatisfy(e -> assertThat(e)
                .startsWith("hubs.prices.heartbeat: unknown key 'heartbeat': did you mean 'port-heartbeat'?"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("hubs.prices.replay: expected one value")
                .contains("got a list"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("hubs.prices.headers.X-Api-Key: the environment "
                + "variable MISSING_KEY is not set"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("defaults.linger: invalid linger 'soon'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("invalid upstream URL 'nowhere' for hubs.news.upstream"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("hubs.news.auth: invalid auth 'magic'")
                .contains("write none, bearer or jwt"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("hubs.bad name: "));
        assertThat(String.join("\n", errors)).doesNotContain("Exception").doesNotContain("jackson");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aKeyInTheWrongSectionSaysWhereItBelongs() throws IOException {
        assertThat(check(file("""
                linger: 5s
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                    listen: 127.0.0.1:9000
                """), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(errorLines()).anySatisfy(e -> assertThat(e).startsWith("linger: 'linger' belongs to a hub"));
        assertThat(errorLines()).anySatisfy(e -> assertThat(e).startsWith("hubs.a.listen: 'listen' is a server-wide key"));
    }

    @Test
    void aCheckOfAnUpstreamNoTransportHandlesNamesTheHub() throws IOException {
        assertThat(check(file("""
                hubs:
                  a:
                    upstream: gopher://127.0.0.1:70/feed
                """), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(errorLines()).singleElement().satisfies(e -> assertThat(e)
                .startsWith("hubs.a.upstream: no transport handles scheme 'gopher'"));
    }

    @Test
    void brokenYamlAnEmptyFileAndAMissingFileAreOneClearError() throws IOException {
        assertThat(check(file("hubs: [unclosed"), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(errorLines()).singleElement().satisfies(e -> assertThat(e).contains("line").contains("not valid YAML"));
        err.getBuffer().setLength(0);
        assertThat(check(file(""), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(errorLines()).singleElement().satisfies(e -> assertThat(e).contains("is empty"));
        err.getBuffer().setLength(0);
        assertThat(check(dir.resolve("absent.yaml"), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(errorLines()).singleElement().satisfies(e -> assertThat(e).contains("cannot read the configuration file"));
    }

    @Test
    void sizesWithUnitsReadAlikeFromTheFileTheEnvironmentAndTheCommandLine() throws IOException {
        Path file = file("""
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                    max-frame-size: 512KiB
                """);
        ServerConfig config = read(file, Map.of("SWITCHBOARD_UPSTREAM_BUFFER", "4MiB"),
                "--max-message-size", "2MiB", "--send-bytes-rate", "1MiB");

        var settings = config.hub("a").orElseThrow().settings();
        assertThat(settings.maxFrameSize()).isEqualTo(512 * 1024);
        assertThat(settings.upstreamBuffer()).isEqualTo(4 * 1024 * 1024);
        assertThat(settings.maxMessageSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.security().hubs().sendRate().bytesPerSecond()).isEqualTo(1024 * 1024);
    }

    @Test
    void aSizeInAnotherFormIsAnErrorThatShowsTheForm() throws IOException {
        assertThat(check(file("""
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                    upstream-buffer: 8MB
                """), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(errorLines()).anySatisfy(e -> assertThat(e).contains("upstream-buffer")
                .contains("'8MB'").contains("write a whole number of bytes or e.g. 1MiB"));
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_REQUIRE_ORIGIN", "perhaps");
        assertThat(check(file("""
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                """), env)).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(errorLines()).anySatisfy(e -> assertThat(e)
                .startsWith("SWITCHBOARD_REQUIRE_ORIGIN: invalid value 'perhaps': write true or false"));
    }

    @Test
    void aStartWithABadFilePrintsEveryErrorAndStartsNothing() throws IOException {
        Path file = file("""
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                    linger: soon
                    replay: -1
                """);

        Main.Launch launch = Main.launch(new String[] {"--config", file.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true), Map.of());

        assertThat(launch.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(launch.running()).isEmpty();
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("hubs.a.linger: invalid linger 'soon': ");
        assertThat(lines.get(1)).startsWith("hubs.a.replay: invalid replay -1: ");
    }

    @Test
    void withoutAFileTheVariablesStillSetTheOptions() {
        ServerConfig config = read(null, Map.of("SWITCHBOARD_UPSTREAM", "ws://127.0.0.1:9001/feed",
                "SWITCHBOARD_LINGER", "3s", "SWITCHBOARD_ON_CONNECT", "first\nsecond\n"), "--replay", "5");

        ServedHub hub = config.hub(ServerConfig.DEFAULT_HUB).orElseThrow();
        assertThat(hub.upstream()).hasToString("ws://127.0.0.1:9001/feed");
        assertThat(hub.settings().linger()).isEqualTo(Duration.ofSeconds(3));
        assertThat(hub.settings().replay()).isEqualTo(5);
        assertThat(hub.settings().onConnect()).containsExactly(Message.text("first"), Message.text("second"));
    }

    @Test
    void anErrorInTheDefaultsIsReportedOnceAtItsKey() throws IOException {
        assertThat(check(file("""
                defaults:
                  auth: bearer
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                  b:
                    upstream: ws://127.0.0.1:9001/b
                """), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(errorLines()).singleElement().satisfies(e -> assertThat(e)
                .startsWith("defaults.auth: auth bearer reads its secret from the environment variable SWITCHBOARD_TOKEN")
                .contains("auth-token-env").doesNotContain("--"));
    }

    @Test
    void aFileWithoutHubsSaysHowToAddOne() throws IOException {
        assertThat(check(file("listen: 127.0.0.1:0\nlog-level: loud\n"), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(errorLines()).containsExactlyInAnyOrder(
                "hubs: no hub is configured: add one under 'hubs:', e.g. 'hubs: {prices: {upstream: "
                        + "ws://127.0.0.1:9001/prices}}', or give --upstream URI or --hub NAME=URI",
                "log-level: invalid log-level 'loud': write error, warn, info, debug or trace");
    }

    @Test
    void aValueOfTheWrongShapeNamesItsKeyAndTheShapeToWrite() throws IOException {
        assertThat(check(file("""
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                    headers: [X-Api-Key=abc]
                    linger:
                    backoff-cap: {seconds: 30}
                """), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(errorLines()).containsExactlyInAnyOrder(
                "hubs.a.headers: write the headers as 'NAME: VALUE' lines under it, e.g. 'X-Api-Key: ${API_KEY}'; got a list",
                "hubs.a.linger: no value: write one, e.g. 'linger: 30s', or delete the key",
                "hubs.a.backoff-cap: expected one value, e.g. 'backoff-cap: 30s', got a map of keys");
    }

    @Test
    void everyBadAccessRuleAndServerKeyIsNamedInOneRun() throws IOException {
        assertThat(check(file("""
                listen: nowhere
                idle-timeout: 0s
                tls-cert: cert.pem
                hubs:
                  a:
                    upstream: ws://127.0.0.1:9001/a
                    auth: magic
                    rate-policy: sometimes
                    allow-origin: app.example
                """), Map.of())).isEqualTo(ExitCodes.BAD_INPUT);

        List<String> errors = errorLines();
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("listen: invalid listen 'nowhere'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("idle-timeout: invalid idle-timeout '0s'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("tls-cert: tls-cert and tls-key go together"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("hubs.a.auth: invalid auth 'magic'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("hubs.a.rate-policy: invalid rate policy 'sometimes'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("hubs.a.allow-origin: invalid origin 'app.example'"));
        assertThat(errors).hasSize(6);
    }
}
