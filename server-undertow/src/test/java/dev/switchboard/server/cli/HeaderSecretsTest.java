package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets on the command line: headers from a file or the environment, and start-up errors that quote no secret. */
class HeaderSecretsTest extends CliHarness {

    @TempDir
    Path dir;

    @Test
    void headersComeFromAFileAndFromTheEnvironment() throws Exception {
        Path file = dir.resolve("headers");
        Files.writeString(file, "# the feed's credentials\nX-Api-Key: from-the-file\n\nX-Other:  spaced value \n");
        Main.Launch launch = Main.launch(new String[] {"--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(),
                "--eager", "--header-file", file.toString(), "--header-env", "Authorization=FEED_AUTH"},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), Map.of("FEED_AUTH", "Bearer from-env"));
        running = launch.running().orElseThrow();

        Awaitility.await().atMost(TestClient.WAIT).until(() -> origin.connectionCount() == 1);
        assertThat(origin.requests().get(0).headers())
                .containsEntry("X-Api-Key", "from-the-file")
                .containsEntry("X-Other", "spaced value")
                .containsEntry("Authorization", "Bearer from-env");
        assertThat(out.toString() + err.toString()).doesNotContain("from-the-file").doesNotContain("from-env");
    }

    @Test
    void aMissingVariableIsNamedAndExitsWith2() {
        assertThat(Main.launch(new String[] {"--upstream", origin.uri().toString(), "--header-env", "Authorization=NOT_SET_HERE"},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), Map.of()).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).isEqualTo("--header-env Authorization: the environment variable 'NOT_SET_HERE'"
                + " is not set or empty; export it with the header's value");
    }

    @Test
    void aBadLineInTheFileIsNamedWithoutItsText() throws Exception {
        Path file = dir.resolve("headers");
        Files.writeString(file, "X-Good: fine\nBearer s3cr3t-without-a-name\n");
        assertThat(run("--upstream", origin.uri().toString(), "--header-file", file.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).isEqualTo("--header-file '" + file + "' line 2 is not a header: write 'Name: value',"
                + " e.g. 'Authorization: Bearer abc'").doesNotContain("s3cr3t");
    }

    @Test
    void aHeaderWrittenWithAColonShowsItsNameOnly() {
        assertThat(run("--upstream", origin.uri().toString(), "--header", "Authorization: Bearer s3cr3t")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("invalid headers 'Authorization ***': write NAME=VALUE").doesNotContain("s3cr3t");
    }

    @Test
    void aMalformedUpstreamUrlIsShownWithoutItsPasswordOrKey() {
        assertThat(run("--upstream", "ws://bob:hunter2@bad host/feed?apikey=SECRET&x=1")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("invalid upstream URL 'ws://***@bad host/feed?apikey=***&x=1' for --upstream")
                .doesNotContain("hunter2").doesNotContain("SECRET");
    }

    @Test
    void anUpstreamNoTransportHandlesIsShownWithoutItsPasswordOrKey() {
        assertThat(run("--listen", "127.0.0.1:0", "--upstream", "foo://bob:hunter2@x/feed?token=SECRET"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).startsWith("hub 'default' (upstream foo://***@x/feed?token=***): ")
                .doesNotContain("hunter2").doesNotContain("SECRET");
    }

    @Test
    void aWebSocketUpstreamWithUserInfoIsRefusedWithoutShowingIt() {
        assertThat(run("--listen", "127.0.0.1:0", "--upstream", "ws://bob:hunter2@127.0.0.1:9/feed?apikey=SECRET"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("ws://***@127.0.0.1:9/feed?apikey=***").contains("user info")
                .doesNotContain("hunter2").doesNotContain("SECRET");
    }
}
