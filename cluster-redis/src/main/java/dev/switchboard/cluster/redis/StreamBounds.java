package dev.switchboard.cluster.redis;

import java.time.Duration;

/**
 * How much of a hub's stream Redis keeps: the replay settings, so that a port resuming on any
 * instance finds what a single instance would have held. The count never goes below
 * {@link #MIN_ENTRIES}, so that an instance that falls a moment behind still reads every entry.
 *
 * @param replayMessages the replay count of the hub
 * @param maxAge         the replay age of the hub
 */
record StreamBounds(int replayMessages, Duration maxAge) {

    static final int MIN_ENTRIES = 1000;

    /** The {@code MAXLEN ~} of the stream. */
    long maxLength() {
        return Math.max(replayMessages, MIN_ENTRIES);
    }
}
