package dev.switchboard.bench.jmh;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Message;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Message encoding: what the hub pays per message ({@code binary}/{@code text} when it enters,
 * {@code withCursor} when it is stamped) and per delivery ({@code payload}, the read-only view
 * every port's write gets). Only the per-message costs may grow with the payload size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseG1GC"})
public class MessageBenchmark {

    @Param({"256", "16384"})
    int size;

    private byte[] bytes;
    private String text;
    private Message message;
    private Cursor cursor;

    @Setup
    public void setUp() {
        bytes = new byte[size];
        text = "x".repeat(size);
        message = Message.binary(bytes);
        cursor = new Cursor("bench", 42);
    }

    /** Per delivery: the view each port's write gets. */
    @Benchmark
    public ByteBuffer payload() {
        return message.payload();
    }

    /** Per message: a binary frame enters the hub (one copy of its bytes). */
    @Benchmark
    public Message binary() {
        return Message.binary(bytes);
    }

    /** Per message: a text frame enters the hub (UTF-8 encoded once). */
    @Benchmark
    public Message text() {
        return Message.text(text);
    }

    /** Per message: the hub stamps its cursor; the payload is shared, not copied. */
    @Benchmark
    public Message withCursor() {
        return message.withCursor(cursor);
    }
}
