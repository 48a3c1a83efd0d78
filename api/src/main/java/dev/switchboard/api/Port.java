package dev.switchboard.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One attached client, as the front end that serves it sees it: the handle returned by
 * {@link Hub#attach}. All methods are thread-safe and non-blocking.
 */
public interface Port {

    /** The port's id, unique within its hub. */
    String id();

    /** The name of the hub it is attached to. */
    String hubName();

    /**
     * Sends a message from this client toward the upstream. The stage completes with
     * {@link SendResult.Status#SENT} when handed to the open upstream, {@code QUEUED} when the
     * upstream is down and the message waits (bounded, in order) for the reconnect, or
     * {@code REJECTED} with a reason (queue full, port ended, hub closed). Messages from one
     * port reach the upstream in the order this method was called.
     */
    CompletionStage<SendResult> send(Message message);

    /**
     * The client showed a sign of life (a pong, any frame). The front end calls this for
     * everything it receives; a port that is not heard from within the heartbeat deadline
     * is ended with {@link EndReason#TIMEOUT}.
     */
    void heard();

    /**
     * Ends the port, once. The first call records the reason and returns true; later calls
     * change nothing and return false. The hub frees the port's queue and timers, and calls
     * {@link PortConnection#close} unless the reason is {@link EndReason#CLOSED} (the client's
     * connection is already gone).
     */
    default boolean end(EndReason reason, String detail) {
        return end(new PortEnd(reason, detail));
    }

    /**
     * Ends the port, once, as {@link #end(EndReason, String)} does, with this end's close code
     * rather than its reason's: e.g. {@link PortEnd#MESSAGE_TOO_BIG} for a message over the limit.
     */
    boolean end(PortEnd end);

    /** How the port ended; empty while it is attached. */
    Optional<PortEnd> ended();
}
