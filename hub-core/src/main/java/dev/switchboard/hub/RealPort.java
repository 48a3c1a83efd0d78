package dev.switchboard.hub;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;
import dev.switchboard.api.SendResult;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/** A port of a {@link RealHub}. */
final class RealPort implements Port {

    private final String id;
    private final RealHub hub;
    final PortConnection connection;
    final String remote;
    final Outbox outbox;
    private final AtomicReference<PortEnd> end = new AtomicReference<>();
    private volatile long lastHeardNanos;

    /** Position in the hub's {@link PortList}; hub thread only. */
    int index = -1;
    /** Whether the hub has registered it; hub thread only. */
    boolean registered;

    RealPort(String id, RealHub hub, PortConnection connection, String remote, int queueCapacity, long nowNanos) {
        this.id = id;
        this.hub = hub;
        this.connection = connection;
        this.remote = remote;
        this.lastHeardNanos = nowNanos;
        this.outbox = new Outbox(queueCapacity, connection,
                failure -> end(EndReason.ERROR, "writing to the client failed: " + failure), hub.counters().deliveries);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String hubName() {
        return hub.name();
    }

    @Override
    public CompletionStage<SendResult> send(Message message) {
        return hub.sendUpstream(this, message);
    }

    @Override
    public void heard() {
        lastHeardNanos = hub.nanoTime();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    @Override
    public boolean end(EndReason reason, String detail) {
        if (!end.compareAndSet(null, new PortEnd(reason, detail))) {
            return false;
        }
        outbox.close();
        hub.portEnded(this);
        return true;
    }

    /** Ends the port without handing the teardown to the hub thread; for the hub thread itself. */
    boolean endInline(EndReason reason, String detail) {
        if (!end.compareAndSet(null, new PortEnd(reason, detail))) {
            return false;
        }
        outbox.close();
        return true;
    }

    @Override
    public Optional<PortEnd> ended() {
        return Optional.ofNullable(end.get());
    }

    @Override
    public String toString() {
        return "Port{" + hub.name() + "/" + id + " " + remote + "}";
    }
}
