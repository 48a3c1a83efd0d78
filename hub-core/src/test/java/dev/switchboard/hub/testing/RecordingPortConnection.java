package dev.switchboard.hub.testing;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link PortConnection} that records what the hub gives it. It completes each write at once
 * unless {@link #stall() stalled}, which models a client that stopped reading.
 */
public final class RecordingPortConnection implements PortConnection {

    private final List<Downstream> items = new CopyOnWriteArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicReference<PortEnd> closedWith = new AtomicReference<>();
    private final AtomicInteger closeCalls = new AtomicInteger();
    private volatile boolean stalled;
    private final List<DeliveryCallback> held = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(Downstream item, DeliveryCallback callback) {
        items.add(item);
        if (stalled) {
            held.add(callback);
        } else {
            callback.delivered();
        }
    }

    @Override
    public void ping() {
        pings.incrementAndGet();
    }

    @Override
    public void close(PortEnd end) {
        closeCalls.incrementAndGet();
        closedWith.set(end);
    }

    /** Stop completing writes: writes stay in flight until {@link #resume()}. */
    public void stall() {
        stalled = true;
    }

    /** Complete the writes in flight, in order, and go on completing writes at once. */
    public void resume() {
        stalled = false;
        List<DeliveryCallback> pending = new ArrayList<>(held);
        held.clear();
        pending.forEach(DeliveryCallback::delivered);
    }

    /** Every item written, in order. */
    public List<Downstream> items() {
        return new ArrayList<>(items);
    }

    /** The messages written, in order. */
    public List<Message> messages() {
        List<Message> out = new ArrayList<>();
        for (Downstream item : items) {
            if (item instanceof Downstream.Data data) {
                out.add(data.message());
            }
        }
        return out;
    }

    /** The text of each message written, in order. */
    public List<String> texts() {
        return messages().stream().map(Message::text).toList();
    }

    /** Items of one kind, in order. */
    public <T extends Downstream> List<T> itemsOf(Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public int pings() {
        return pings.get();
    }

    /** How the hub closed this connection; null if it did not. */
    public PortEnd closedWith() {
        return closedWith.get();
    }

    public int closeCalls() {
        return closeCalls.get();
    }
}
