package dev.switchboard.bench.jmh;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;

/**
 * A port whose writes complete at once: what is left of a delivery is the hub's own cost. It
 * counts data items so a benchmark can check every port got every message.
 */
public class InstantConnection implements PortConnection {

    long data;

    @Override
    public void deliver(Downstream item, DeliveryCallback callback) {
        if (item instanceof Downstream.Data) {
            data++;
        }
        callback.delivered();
    }

    @Override
    public void ping() {
    }

    @Override
    public void close(PortEnd end) {
    }
}
