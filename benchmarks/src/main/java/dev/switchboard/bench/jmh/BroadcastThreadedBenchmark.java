package dev.switchboard.bench.jmh;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Hub;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.api.Registration;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.Hubs;
import dev.switchboard.hub.transport.TransportRegistry;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
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
 * The same broadcast with the hub's production scheduler (its own thread): the benchmark thread
 * injects a message and waits on a latch that the last port's delivery opens, so the time
 * includes the hand-off to the hub thread and back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseG1GC"})
public class BroadcastThreadedBenchmark {

    @Param({"1", "100", "10000"})
    int ports;

    private Hub hub;
    private MemoryTransport transport;
    private Message message;
    private volatile CountDownLatch delivered = new CountDownLatch(0);

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        transport = new MemoryTransport();
        hub = Hubs.builder("bench")
                .upstream(URI.create("bench://origin"))
                .transports(TransportRegistry.of(transport))
                .build();
        CountDownLatch ready = new CountDownLatch(ports + 1);
        Registration listening = hub.addListener(event -> {
            if (event instanceof HubEvent.PortAttached
                    || event instanceof HubEvent.UpstreamStateChanged c && c.to() == UpstreamState.OPEN) {
                ready.countDown();
            }
        });
        try {
            for (int i = 0; i < ports; i++) {
                hub.attach(new LatchConnection(), AttachOptions.live("bench-" + i));
            }
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("hub not ready after 60s: " + hub.portCount() + " of " + ports + " ports, upstream "
                        + hub.upstreamState());
            }
        } finally {
            listening.close();
        }
        message = Message.binary(new byte[256]);
    }

    @Benchmark
    public void broadcast() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(ports);
        delivered = latch;
        transport.publish(message);
        if (!latch.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(latch.getCount() + " of " + ports + " ports had no delivery within 10s");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        hub.close();
    }

    private final class LatchConnection extends InstantConnection {
        @Override
        public void deliver(Downstream item, DeliveryCallback callback) {
            if (item instanceof Downstream.Data) {
                delivered.countDown();
            }
            callback.delivered();
        }
    }
}
