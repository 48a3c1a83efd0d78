package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.server.ServerFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The command line run in-process against an in-memory upstream, with its output captured; stops what it started. */
abstract class CliHarness {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    InMemoryOrigin origin;
    RunningServer running;

    @BeforeEach
    void startOrigin() {
        origin = ServerFixture.newOrigin();
    }

    @AfterEach
    void stopEverything() {
        if (running != null) {
            running.close();
        }
        origin.close();
    }

    /** Runs the command line and returns its exit code. */
    int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Starts the command line; a server it starts is stopped after the test. */
    Main.Launch launch(String... args) {
        Main.Launch launch = Main.launch(args, new PrintWriter(out, true), new PrintWriter(err, true));
        running = launch.running().orElse(null);
        return launch;
    }

    /** What went to stderr, which for bad input must be exactly one line. */
    String oneErrorLine() {
        String text = err.toString();
        assertThat(text).endsWith(System.lineSeparator());
        assertThat(text.strip().lines()).hasSize(1);
        assertThat(text).doesNotContain("\tat ").doesNotContain("Exception");
        return text.strip();
    }
}
