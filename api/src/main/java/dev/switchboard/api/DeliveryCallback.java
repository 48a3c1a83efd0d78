package dev.switchboard.api;

/**
 * How a front end tells the hub that one {@link Downstream} item has been written.
 *
 * <p>Exactly one of the two methods is called, exactly once, from any thread. The hub counts an
 * item against the port's bound until its callback completes and keeps only a few writes
 * outstanding per port, which is what keeps each port's queue bounded: items wait in the hub,
 * where they are counted, not in a network buffer.
 *
 * <p>The hub reuses callback objects: once one completed, the same instance may be handed over
 * again with a later item, so a front end must not keep a callback, or compare callbacks by
 * identity, after completing it. While a write is outstanding its callback is not handed over
 * with any other item. A front end that completes one twice anyway is tolerated as far as the
 * hub can tell the calls apart; a failure is never ignored, even after a success.
 */
public interface DeliveryCallback {

    /** The item was written (or deliberately skipped) and the port is ready for the next one. */
    void delivered();

    /** Writing failed; the hub ends the port with {@link EndReason#ERROR}. */
    void failed(Throwable cause);
}
