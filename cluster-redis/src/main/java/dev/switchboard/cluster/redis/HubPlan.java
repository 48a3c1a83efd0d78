package dev.switchboard.cluster.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What the cluster needs to know of a hub beyond its builder: its name and upstream, the replay
 * settings that bound its stream in Redis, and how many sends may wait for the leader.
 *
 * @param name              the hub's name
 * @param upstream          the origin's URI
 * @param replayMessages    the replay count (the stream keeps at least this many entries)
 * @param replayAge         the replay age (older entries are trimmed)
 * @param sendQueueCapacity how many port messages may wait in the send stream; more are refused
 */
public record HubPlan(String name, URI upstream, int replayMessages, Duration replayAge, int sendQueueCapacity) {

    /** Checks that no part is missing. */
    public HubPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(replayAge, "replayAge");
        if (upstream.getScheme() == null) {
            throw new IllegalArgumentException("upstream '" + upstream + "' of hub '" + name + "' has no scheme: write it in full");
        }
        if (sendQueueCapacity < 1) {
            throw new IllegalArgumentException("cluster send queue " + sendQueueCapacity + " of hub '" + name + "' must be at least 1");
        }
    }
}
