package dev.switchboard.bench.driver;

import dev.switchboard.bench.common.Props;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the sweep. Every child is killed when the sweep ends, however it ends:
 * {@link #close} in a finally block, and a shutdown hook for a driver that is interrupted. A
 * controlled child (origin, ceiling, client) also exits on its own when its stdin closes, which
 * covers a driver killed with SIGKILL.
 */
final class Child implements AutoCloseable {

    private static final String EOF = "\u0000EOF";
    private static final List<Child> ALIVE = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(c -> c.process.destroyForcibly()),
                "sweep-kill-children"));
    }

    final String name;
    final Path log;
    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Child(String name, Process process, Path log, boolean control) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        ALIVE.add(this);
        if (control) {
            Thread reader = new Thread(this::readStdout, "sweep-read-" + name);
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Starts a child that answers commands on stdout; its stderr goes to {@code log}. */
    static Child control(String name, List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return start(name, pb, log, true);
    }

    /** Starts a child that is not controlled through stdin (the packaged server); all output goes to {@code log}. */
    static Child plain(String name, List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return start(name, pb, log, false);
    }

    private static Child start(String name, ProcessBuilder pb, Path log, boolean control) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "$ " + String.join(" ", pb.command()) + "\n");
            return new Child(name, pb.start(), log, control);
        } catch (IOException e) {
            throw new BenchException("cannot start " + name + " (" + String.join(" ", pb.command()) + "): " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child's {@code READY ...} line. */
    Props awaitReady(Duration timeout) {
        String line = next(timeout, "start");
        if (!line.startsWith("READY")) {
            throw new BenchException(name + " said '" + line + "' instead of READY" + logTail());
        }
        return Props.parse(line);
    }

    /** Sends one command and waits for its one-line answer; an {@code ERR} answer is an exception. */
    Props request(String command, Duration timeout) {
        if (!process.isAlive()) {
            throw died("before '" + command + "'");
        }
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw died("while sending '" + command + "'");
        }
        String reply = next(timeout, command);
        if (reply.startsWith("ERR")) {
            throw new BenchException(name + " refused '" + command + "': " + reply.substring(3).trim());
        }
        return Props.parse(reply);
    }

    private String next(Duration timeout, String what) {
        try {
            String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new BenchException(name + " gave no answer to '" + what + "' within " + timeout.toSeconds() + "s" + logTail());
            }
            if (line.equals(EOF)) {
                throw died("during '" + what + "'");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while waiting for " + name, e);
        }
    }

    private BenchException died(String when) {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String code = process.isAlive() ? "still running" : "exit code " + process.exitValue();
        return new BenchException(name + " stopped " + when + " (" + code + ")" + logTail());
    }

    /** The last lines of the child's log, to put in an error message. */
    String logTail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "; last lines of " + log + ":\n    " + String.join("\n    ", all.subList(Math.max(0, all.size() - 12), all.size()));
        } catch (IOException e) {
            return "; see " + log;
        }
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process went away; EOF below tells the waiting side
        }
        lines.add(EOF);
    }

    /** Asks the child to stop (stdin closed, then SIGTERM), and kills it if it has not within a few seconds. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            ALIVE.remove(this);
        }
    }
}
