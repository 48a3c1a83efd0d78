package dev.switchboard.cluster.redis;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The leader's one port on the origin hub: what the origin sends goes into the hub's stream
 * through the fenced append. Attached while any instance has ports, so the origin hub's own
 * lazy connect and linger decide when the origin connection opens and closes, cluster-wide.
 */
final class OriginRelayPort implements PortConnection {

    /** What the relay tells its leader. */
    interface Events {
        /** Redis refused an append: the lease is no longer ours. */
        void fencedOut();
    }

    private final StreamAppender appender;
    private final String token;
    private final Events events;
    private final AtomicReference<Port> port = new AtomicReference<>();

    OriginRelayPort(StreamAppender appender, String token, Events events) {
        this.appender = appender;
        this.token = token;
        this.events = events;
    }

    void attached(Port handle) {
        port.set(handle);
    }

    Port port() {
        return port.get();
    }

    @Override
    public void deliver(Downstream item, DeliveryCallback callback) {
        if (!(item instanceof Downstream.Data data)) {
            callback.delivered(); // welcome and status are this instance's business; followers see the stream
            return;
        }
        // The callback completes when Redis answered, so the origin hub's bounded queue is the backpressure.
        appender.append(token, data.message()).whenComplete((seq, failure) -> {
            if (failure != null) {
                callback.failed(failure);
            } else {
                if (seq == null) {
                    events.fencedOut();
                }
                callback.delivered();
            }
        });
    }

    @Override
    public void ping() {
        Port handle = port.get();
        if (handle != null) {
            handle.heard();
        }
    }

    @Override
    public void close(PortEnd end) {
        port.set(null);
    }
}
