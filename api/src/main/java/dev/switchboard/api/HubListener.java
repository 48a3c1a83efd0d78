package dev.switchboard.api;

/**
 * Receives a hub's {@link HubEvent}s.
 *
 * <p>Called on the hub's own thread, one event at a time, in the order they happened. A
 * listener must return quickly and must not block. One that throws is logged and keeps
 * receiving events; it never disturbs the hub, its ports, or other listeners.
 */
@FunctionalInterface
public interface HubListener {

    /** One event happened. */
    void onEvent(HubEvent event);
}
