package dev.switchboard.bench.jmh;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Message;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.Hubs;
import dev.switchboard.hub.transport.TransportRegistry;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hub's hot path: one upstream message broadcast to N ports, all on the calling thread
 * ({@link InlineScheduler}), through the real {@code RealHub.message} → {@code Outbox} → deliver
 * path with ports whose writes complete at once. Time per operation divided by N is the cost of
 * one delivery; it should stay flat as N grows (the hub does O(1) work per message plus O(1)
 * per port).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseG1GC"})
public class BroadcastBenchmark {

    @Param({"1", "100", "10000"})
    int ports;

    @Param({"256"})
    int size;

    private Hub hub;
    private MemoryTransport transport;
    private InstantConnection[] connections;
    private Message message;
    private long published;

    @Setup(Level.Trial)
    public void setUp() {
        transport = new MemoryTransport();
        hub = Hubs.builder("bench")
                .upstream(URI.create("bench://origin"))
                .transports(TransportRegistry.of(transport))
                .scheduler(new InlineScheduler())
                .build();
        connections = new InstantConnection[ports];
        for (int i = 0; i < ports; i++) {
            connections[i] = new InstantConnection();
            hub.attach(connections[i], AttachOptions.live("bench-" + i));
        }
        if (hub.portCount() != ports || hub.upstreamState() != UpstreamState.OPEN) {
            throw new IllegalStateException("hub not ready: " + hub.portCount() + " of " + ports + " ports, upstream "
                    + hub.upstreamState());
        }
        message = Message.binary(new byte[size]);
    }

    @Benchmark
    public void broadcast() {
        transport.publish(message);
        published++;
    }

    /** Every port must have had every message, or the numbers measured something else. */
    @TearDown(Level.Trial)
    public void check() {
        for (InstantConnection c : connections) {
            if (c.data != published) {
                throw new IllegalStateException("a port got " + c.data + " of " + published + " messages");
            }
        }
        hub.close();
    }
}
