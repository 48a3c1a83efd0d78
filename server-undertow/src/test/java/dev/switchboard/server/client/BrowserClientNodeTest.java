package dev.switchboard.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser client's unit tests ({@code src/test/js/*.test.js}: the envelope codec,
 * cursors, backoff, replay bookkeeping, tokens) on Node's built-in test runner, so that
 * {@code mvn verify} runs them beside the Java tests. They need no browser; the Chromium tests
 * in integration-tests cover the rest. Equivalent by hand, in this module:
 * {@code node --test src/test/js/*.test.js}.
 */
class BrowserClientNodeTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path TESTS = MODULE.resolve("src/test/js");
    private static final String INSTALL = "install Node.js 18 or later (apt-get install nodejs) and make sure `node` is on the PATH";
    private static final Pattern SUMMARY = Pattern.compile("^# (tests|pass|fail) (\\d+)$", Pattern.MULTILINE);

    @Test
    void theClientsNodeUnitTestsPass() throws Exception {
        requireNode();
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=tap"));
        command.addAll(testFiles());
        Run run = run(command, 120);
        System.out.println(run.output());
        long tests = count(run.output(), "tests");
        long failed = count(run.output(), "fail");
        assertThat(run.exitCode())
                .as("node --test failed (%d of %d tests); its report:%n%s", failed, tests, run.output())
                .isZero();
        assertThat(tests).as("node --test ran no test; its report:%n%s", run.output()).isPositive();
        assertThat(failed).isZero();
        assertThat(count(run.output(), "pass")).isEqualTo(tests);
    }

    private static List<String> testFiles() throws IOException {
        // Listed here rather than left to the runner: Node 18-20 search a folder, later versions take globs.
        try (Stream<Path> files = Files.list(TESTS)) {
            List<String> names = files.map(Path::toString).filter(name -> name.endsWith(".test.js")).sorted().toList();
            assertThat(names).as("no *.test.js in %s", TESTS.toAbsolutePath()).isNotEmpty();
            return names;
        }
    }

    /** Fails with the fix when node is missing or too old for its test runner. */
    private static void requireNode() throws InterruptedException {
        Run version;
        try {
            version = run(List.of("node", "--version"), 30);
        } catch (IOException e) {
            fail("the browser client's unit tests run on Node.js, and `node` was not found (" + e.getMessage() + "): " + INSTALL);
            return;
        }
        Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version.output().trim());
        if (version.exitCode() != 0 || !major.find() || Integer.parseInt(major.group(1)) < 18) {
            fail("the browser client's unit tests need Node.js 18 or later for `node --test`, but `node --version` said '"
                    + version.output().trim() + "': " + INSTALL);
        }
    }

    private static long count(String tap, String what) {
        Matcher m = SUMMARY.matcher(tap);
        long total = 0;
        while (m.find()) {
            if (m.group(1).equals(what)) {
                total += Long.parseLong(m.group(2));
            }
        }
        return total;
    }

    private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Read while it runs, so that a full pipe never blocks the child.
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + "s");
        }
        try {
            return new Run(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot read the output of " + String.join(" ", command), e);
        }
    }

    private record Run(int exitCode, String output) {
    }
}
