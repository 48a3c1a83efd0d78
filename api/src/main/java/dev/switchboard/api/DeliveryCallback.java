package dev.switchboard.api;

/**
 * How a front end tells the hub that one {@link Downstream} item has been written.
 *
 * <p>Exactly one of the two methods is called, exactly once, from any thread. The hub counts an
 * item against the port's bound until its callback completes and keeps only a few writes
 * outstanding per port, which is what keeps each port's queue bounded: items wait in the hub,
 * where they are counted, not in a network buffer.
 */
public interface DeliveryCallback {

    /** The item was written (or deliberately skipped) and the port is ready for the next one. */
    void delivered();

    /** Writing failed; the hub ends the port with {@link EndReason#ERROR}. */
    void failed(Throwable cause);
}
