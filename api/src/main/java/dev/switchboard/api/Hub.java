package dev.switchboard.api;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Holds one upstream connection and shares it with every attached {@link Port}.
 *
 * <p>The upstream opens when the first port attaches (or at start, for an eager hub), stays
 * open while ports are attached, lingers for a configured time after the last one leaves,
 * then closes; it reconnects with backoff when it fails. Every upstream message enters the
 * hub once, gets the next {@link Cursor}, and is queued for every attached port without
 * waiting for any of them. All methods are thread-safe and non-blocking.
 */
public interface Hub extends AutoCloseable {

    /** The hub's name, as used in URLs ({@code /hubs/NAME/ws}). */
    String name();

    /** The upstream this hub connects to. */
    URI upstream();

    /**
     * Attaches a client. The returned port starts with a {@link Downstream.Welcome}, then the
     * messages after {@code options.since()} that the hub still holds (or a
     * {@link Downstream.Gap}), then the live stream, with no duplicate and no hole at the seam.
     * A closed hub ends the port at once with {@link EndReason#REJECTED}.
     */
    Port attach(PortConnection connection, AttachOptions options);

    /** The upstream's current state. */
    UpstreamState upstreamState();

    /** How many ports are attached now. */
    int portCount();

    /** The cursor of the newest message that entered the hub, or {@code epoch:0} before the first. */
    Cursor head();

    /** What the hub has done since it started and how full its port queues are now; see {@link HubStats}. */
    HubStats stats();

    /**
     * Starts a graceful stop: refuses new ports, and queues a {@link Downstream.Status} with
     * {@code shutdown} set behind everything already queued for each attached port. The stage
     * completes when every port has written that notice (so everything queued before it) or has
     * ended, and then the open upstream connection has written every send it took
     * ({@link HubStats#upstreamBufferedBytes()} is 0; sends waiting for a reconnect are not waited
     * for, see {@link HubStats#sendsWaiting()}); then {@link #close()} ends the ports with
     * {@link EndReason#SHUTDOWN}. The caller bounds the wait. The upstream
     * stays open meanwhile, and its messages still reach the ports. Idempotent: later calls
     * return the same stage.
     *
     * @param detail the sentence the ports are given, e.g. "the server is shutting down"
     */
    CompletionStage<Void> drain(String detail);

    /** Adds a listener for this hub's events; close the registration to remove it. */
    Registration addListener(HubListener listener);

    /** Looks up an attached port by id. */
    Optional<Port> port(String id);

    /**
     * Ends every port with {@link EndReason#SHUTDOWN}, closes the upstream and stops the
     * hub's timers. Idempotent. Later attaches are rejected.
     */
    @Override
    void close();
}
