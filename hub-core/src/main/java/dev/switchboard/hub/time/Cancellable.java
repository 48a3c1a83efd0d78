package dev.switchboard.hub.time;

/** A scheduled task that can be called off. Cancelling a task that already ran does nothing. */
@FunctionalInterface
public interface Cancellable {

    /** Calls the task off if it has not run yet. */
    void cancel();
}
