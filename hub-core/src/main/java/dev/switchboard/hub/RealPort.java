package dev.switchboard.hub;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;
import dev.switchboard.api.SendResult;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/** A port of a {@link RealHub}. */
final class RealPort implements Port {

    private final String id;
    private final RealHub hub;
    final PortConnection connection;
    final String remote;
    final Outbox outbox;
    /** How the port ended, once decided; a field rather than an atomic object, as a hub holds one port per client. */
    private volatile PortEnd end;
    private static final AtomicReferenceFieldUpdater<RealPort, PortEnd> END =
            AtomicReferenceFieldUpdater.newUpdater(RealPort.class, PortEnd.class, "end");
    private volatile long lastHeardNanos;

    /** Position in the hub's {@link PortList}, negative while not a member; hub thread only. */
    int index = -1;

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

    /**
     * Decides the port's end from any thread other than the hub's (the front end, a write's
     * outcome); the hub thread then frees what it holds for the port. A later call, such as the
     * socket's close after the hub closed it, finds the end decided and does nothing.
     */
    @Override
    public boolean end(PortEnd value) {
        if (!decide(value)) {
            return false;
        }
        hub.portEnded(this);
        return true;
    }

    /**
     * Records the end if none is recorded yet and stops the outbox; true for the one call that
     * decided. The hub thread calls this directly and tears the port down in the same task.
     */
    boolean decide(PortEnd value) {
        if (!END.compareAndSet(this, null, Objects.requireNonNull(value, "end"))) {
            return false;
        }
        outbox.close();
        return true;
    }

    @Override
    public Optional<PortEnd> ended() {
        return Optional.ofNullable(end);
    }

    @Override
    public String toString() {
        return "Port{" + hub.name() + "/" + id + " " + remote + "}";
    }
}
