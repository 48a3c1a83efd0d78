package dev.switchboard.hub;

/** What a hub does when a port's outbound queue is full. */
public enum SlowPortPolicy {
    /** End the port with {@code SLOW}: it can reconnect and resume from its cursor. The default. */
    END,
    /**
     * Drop everything the port has queued, tell it with a {@code gap} (cause {@code OVERFLOW}),
     * and go on with the newest messages: for feeds where only the latest value matters.
     */
    DROP_OLDEST
}
