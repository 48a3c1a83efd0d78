package dev.switchboard.bench.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code redis-server} the sweep starts for the clustered hub: a free port of 127.0.0.1, no
 * persistence (the benchmark measures the relay, not the disk), its working directory and log
 * under the sweep's logs. Stopped with {@code SHUTDOWN NOSAVE}, and like every child killed if
 * the sweep dies.
 */
final class RedisProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Child child;
    private final int port;

    private RedisProcess(Child child, int port) {
        this.child = child;
        this.port = port;
    }

    /** The command line: no RDB snapshots, no append-only file, listening on 127.0.0.1 only. */
    static List<String> command(Path binary, int port, Path dir) {
        return List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no");
    }

    /** Starts {@code binary} on a free port and waits until it answers {@code PING}. */
    static RedisProcess start(Path binary, Path logs, Duration timeout) {
        if (!Files.isExecutable(binary)) {
            throw new BenchException("redis-server not found at " + binary
                    + ": apt-get install redis-server, or leave hub-cluster out of --setups");
        }
        Path dir = logs.resolve("redis");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BenchException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        int port = FreePort.find();
        Child child = Child.plain("redis-server", command(binary, port, dir), logs.resolve("redis.log"));
        RedisProcess redis = new RedisProcess(child, port);
        boolean ok = false;
        try {
            Waits.until(timeout, "redis-server to answer PING on port " + port + " (see " + child.log + ")", () -> {
                if (!child.isAlive()) {
                    throw new BenchException("redis-server exited at start" + child.logTail());
                }
                return "+PONG".equals(redis.call("PING"));
            });
            ok = true;
            return redis;
        } finally {
            if (!ok) {
                child.close();
            }
        }
    }

    /** {@code redis://127.0.0.1:PORT}, what the server's {@code --cluster} takes. */
    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    long pid() {
        return child.pid();
    }

    boolean isAlive() {
        return child.isAlive();
    }

    /** One inline command; the first line of the answer, or null when Redis does not answer. */
    String call(String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != -1 && b != '\n'; ) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.isEmpty() ? null : line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code SHUTDOWN NOSAVE} (it exits at once; no answer comes), then the child's own stop, which kills it if it lingers. */
    @Override
    public void close() {
        if (child.isAlive()) {
            call("SHUTDOWN NOSAVE");
        }
        child.close();
    }
}
