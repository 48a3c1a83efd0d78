package dev.switchboard.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * One packaged server ({@code server-undertow/target/switchboard-server.jar}) run as a process of
 * its own, as an operator runs it: started, asked for its status over HTTP, and stopped, paused or
 * killed with real signals.
 */
public final class ServerProcess implements AutoCloseable {

    /** The jar the build makes. */
    public static final Path JAR = Path.of("..", "server-undertow", "target", "switchboard-server.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private String base;

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar with {@code args}; call {@link #awaitListening} before talking to it. */
    public static ServerProcess start(String name, List<String> args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("the packaged server " + JAR.toAbsolutePath() + " is missing: build it with mvn package");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", JAR.toString()));
        command.addAll(args);
        return new ServerProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for the start line; returns this. */
    public ServerProcess awaitListening(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (base == null && System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    base = m.group(1) + ":" + m.group(2);
                }
            } else if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before listening; it printed " + output());
            }
        }
        if (base == null) {
            throw new AssertionError(name + " printed no 'listening on' line within " + within + "; it printed " + output());
        }
        return this;
    }

    /** Everything the process printed so far. */
    public String output() {
        lines.drainTo(seen);
        return String.join("\n", seen);
    }

    public String name() {
        return name;
    }

    /** {@code ws://HOST:PORT/hubs/default/ws}. */
    public URI hubSocket() {
        return URI.create("ws://" + base + "/hubs/default/ws");
    }

    /** {@code GET /status}, parsed. */
    public JsonNode status() throws IOException, InterruptedException {
        return JSON.readTree(get("/status").body());
    }

    /** The default hub's {@code cluster} entry of {@code /status}: role, redisReachable, redisError. */
    public JsonNode clusterRole() throws IOException, InterruptedException {
        return status().path("hubs").get(0).path("cluster");
    }

    /** Whether {@code /status} says this instance leads the default hub; false when it does not answer. */
    public boolean isLeader() {
        try {
            return clusterRole().path("role").asText().equals("leader");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A GET of {@code path}. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + base + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL, as a crash: nothing runs in the process after it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stops running (and answering) until {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + which, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + which + " " + process.pid() + " failed");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (SIGKILL after 10s); also resumes a paused process so that it can stop. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT");
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
