package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.attach.ClientAddress;
import dev.switchboard.testsupport.TestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --io-threads}: the listener starts the threads asked for, from the command line, the
 * environment or the file, serves through them, and a count it cannot use stops the start with one line.
 */
class IoThreadsOptionTest extends CliHarness {

    @TempDir
    Path dir;

    @Test
    void oneIoThreadServesEveryClient() throws Exception {
        launch("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(), "--io-threads", "1");
        assertThat(running).as("started; stderr: %s", err).isNotNull();
        assertThat(running.server().ioThreads()).isEqualTo(1);

        URI ws = URI.create("ws://" + ClientAddress.of(running.server().boundAddress()) + "/hubs/default/ws");
        TestClient first = TestClient.connect(ws);
        TestClient second = TestClient.connect(ws);
        await().atMost(Duration.ofSeconds(20)).until(() -> running.server().hubs().find("default").orElseThrow().portCount() == 2
                && origin.connectionCount() == 1);
        origin.publish("both");
        assertThat(first.nextText()).isEqualTo("both");
        assertThat(second.nextText()).isEqualTo("both");
    }

    @Test
    void autoIsOnePerCoreAndAtLeastTwo() {
        launch("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString());
        assertThat(running).as("started; stderr: %s", err).isNotNull();
        assertThat(running.server().ioThreads()).isEqualTo(Math.max(Runtime.getRuntime().availableProcessors(), 2));
    }

    @Test
    void theFileAndTheEnvironmentSetIt() throws IOException {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:0
                io-threads: 3
                hubs:
                  default:
                    upstream: %s
                """.formatted(origin.uri()));
        Main.Launch fromFile = Main.launch(new String[] {"--config", file.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
        running = fromFile.running().orElse(null);
        assertThat(running).as("started; stderr: %s", err).isNotNull();
        assertThat(running.server().ioThreads()).isEqualTo(3);
        running.close();

        Main.Launch fromEnv = Main.launch(new String[] {"--config", file.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true), Map.of("SWITCHBOARD_IO_THREADS", "1"));
        running = fromEnv.running().orElse(null);
        assertThat(running).as("started; stderr: %s", err).isNotNull();
        assertThat(running.server().ioThreads()).as("the environment wins over the file").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1025", "two", "1.5", ""})
    void aCountItCannotUseStopsTheStartWithOneLine(String count) {
        assertThat(run("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(), "--io-threads", count))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).isEqualTo("invalid --io-threads '" + count + "': give a whole number of threads from 1 to "
                + "1024, e.g. 2, or 'auto' for one per core");
    }

    @Test
    void aBadCountInTheFileIsNamedByItsKey() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                io-threads: lots
                hubs:
                  default:
                    upstream: %s
                """.formatted(origin.uri()));
        StringWriter checkErr = new StringWriter();
        int code = Main.launch(new String[] {"--check-config", file.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(checkErr, true), Map.of()).exitCode();
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(checkErr.toString().lines().skip(1)).containsExactly("io-threads: invalid io-threads 'lots': give a whole "
                + "number of threads from 1 to 1024, e.g. 2, or 'auto' for one per core");
    }
}
