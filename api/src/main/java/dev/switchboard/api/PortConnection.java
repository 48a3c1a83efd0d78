package dev.switchboard.api;

/**
 * The client side of a port, implemented by a front end (a WebSocket or SSE connection) or
 * by an application embedding a hub. The hub calls it; it never calls back into the hub
 * except through the {@link Port} handle and the {@link DeliveryCallback}.
 *
 * <p>Threading: {@link #deliver} is called for one item at a time, in order, but a few writes (at
 * most 16) may be outstanding at once, so that a front end can put a backlog on the wire in one
 * network write; the items must be written in the order they were handed over. Calls may come
 * from different threads over time, each one happening after the previous. {@link #ping} and
 * {@link #close} may be called from the hub's thread at any time and must not block.
 *
 * <p>Batches: after handing over one or more items the hub calls {@link #flush}, once per batch
 * (for a broadcast, once every port was handed the message), so that a front end may hold the
 * items it was handed and start their writes together: one wake-up of a network thread per
 * broadcast rather than one per port. A front end that writes at once ignores it.
 */
public interface PortConnection {

    /**
     * Writes one item to the client, asynchronously, after the items handed over before it, and
     * completes {@code callback} when the write finished. Must not block.
     */
    void deliver(Downstream item, DeliveryCallback callback);

    /**
     * The end of a batch of {@link #deliver} calls: start writing whatever was handed over and
     * not started yet. The hub calls it after every batch, from the thread that delivered the
     * batch, and may call it when nothing is waiting; it must not block. Does nothing by default.
     */
    default void flush() {
    }

    /**
     * Sends a liveness probe the client answers on its own (a WebSocket ping, an envelope
     * {@code ping}, an SSE comment whose failed write reveals a dead client). The front end
     * reports any answer, and any other frame from the client, through {@link Port#heard()}.
     */
    void ping();

    /**
     * The hub ended the port: close the client's connection, telling it why where the
     * protocol can (a WebSocket close code). Called at most once. Not called when the port
     * ended because the front end itself reported {@link EndReason#CLOSED}.
     */
    void close(PortEnd end);
}
