package dev.switchboard.server;

import dev.switchboard.hub.SlowPortPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How every hub of the server buffers, queues and watches its upstream: the settings hub-core
 * supports beyond the upstream's address. Build one with {@link #builder()}, which starts from
 * the defaults the command line documents.
 *
 * @param replayMessages    how many recent messages each hub keeps for resuming ports; 0 turns resume off
 * @param replayAge         how long a message stays resumable
 * @param portQueue         how many items may wait for one port before it counts as slow
 * @param slowPolicy        what happens to a slow port: it ends ({@code END}, close code 1008), or it
 *                          loses its backlog and is told with a gap ({@code DROP_OLDEST})
 * @param upstreamQueue     how many port messages may wait for a reconnecting upstream; more are refused
 * @param onConnect         text frames sent upstream, in order, after every (re)connect (a subscribe message)
 * @param upstreamHeartbeat how often a quiet upstream is probed
 * @param upstreamTimeout   how long an upstream may stay silent before its connection counts as failed
 * @param maxMessageSize    the largest message, in bytes, accepted from the upstream
 */
public record HubSettings(
        int replayMessages,
        Duration replayAge,
        int portQueue,
        SlowPortPolicy slowPolicy,
        int upstreamQueue,
        List<String> onConnect,
        Duration upstreamHeartbeat,
        Duration upstreamTimeout,
        int maxMessageSize) {

    /** Default replay size, in messages. */
    public static final int DEFAULT_REPLAY_MESSAGES = 1024;
    /** Default replay age. */
    public static final Duration DEFAULT_REPLAY_AGE = Duration.ofMinutes(5);
    /** Default port queue, in items. */
    public static final int DEFAULT_PORT_QUEUE = 4096;
    /** Default upstream send queue, in messages. */
    public static final int DEFAULT_UPSTREAM_QUEUE = 256;
    /** Default upstream heartbeat interval. */
    public static final Duration DEFAULT_UPSTREAM_HEARTBEAT = Duration.ofSeconds(15);
    /** Default upstream silence deadline. */
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(45);
    /** Default largest upstream message: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

    /** Checks every part; a bad one is an {@link IllegalArgumentException} naming the value and the fix. */
    public HubSettings {
        Objects.requireNonNull(replayAge, "replayAge");
        Objects.requireNonNull(slowPolicy, "slowPolicy");
        Objects.requireNonNull(upstreamHeartbeat, "upstreamHeartbeat");
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
        onConnect = List.copyOf(onConnect);
        if (replayMessages < 0) {
            throw new IllegalArgumentException("invalid replay size " + replayMessages + ": use 0 (no resume) or more messages");
        }
        requirePositive("replay age", replayAge);
        if (portQueue < 1) {
            throw new IllegalArgumentException("invalid port queue " + portQueue + ": use at least 1 item");
        }
        if ((long) replayMessages + 2 > portQueue) {
            throw new IllegalArgumentException("replay size " + replayMessages + " does not fit the port queue " + portQueue
                    + ": a resuming port receives its replay through its queue, so make the queue at least "
                    + ((long) replayMessages + 2) + " items or the replay smaller");
        }
        if (upstreamQueue < 0) {
            throw new IllegalArgumentException("invalid upstream queue " + upstreamQueue + ": use 0 or more messages");
        }
        requirePositive("upstream heartbeat", upstreamHeartbeat);
        requirePositive("upstream timeout", upstreamTimeout);
        if (upstreamTimeout.compareTo(upstreamHeartbeat) < 0) {
            throw new IllegalArgumentException("upstream timeout " + upstreamTimeout + " is shorter than the upstream heartbeat "
                    + upstreamHeartbeat + ": allow at least one heartbeat, e.g. three");
        }
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("invalid max message size " + maxMessageSize
                    + ": use a positive number of bytes, e.g. 1048576");
        }
    }

    /** The documented defaults. */
    public static HubSettings defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(String what, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("invalid " + what + " " + value + ": it must be longer than zero");
        }
    }

    /** Builds {@link HubSettings}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private int replayMessages = DEFAULT_REPLAY_MESSAGES;
        private Duration replayAge = DEFAULT_REPLAY_AGE;
        private int portQueue = DEFAULT_PORT_QUEUE;
        private SlowPortPolicy slowPolicy = SlowPortPolicy.END;
        private int upstreamQueue = DEFAULT_UPSTREAM_QUEUE;
        private final List<String> onConnect = new ArrayList<>();
        private Duration upstreamHeartbeat = DEFAULT_UPSTREAM_HEARTBEAT;
        private Duration upstreamTimeout = DEFAULT_UPSTREAM_TIMEOUT;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

        private Builder() {
        }

        /** The replay buffer: at most {@code messages} messages, none older than {@code age}. */
        public Builder replay(int messages, Duration age) {
            this.replayMessages = messages;
            this.replayAge = age;
            return this;
        }

        /** How many items may wait for one port. */
        public Builder portQueue(int items) {
            this.portQueue = items;
            return this;
        }

        /** What happens to a port whose queue is full. */
        public Builder slowPolicy(SlowPortPolicy value) {
            this.slowPolicy = value;
            return this;
        }

        /** How many port messages may wait for a reconnecting upstream. */
        public Builder upstreamQueue(int messages) {
            this.upstreamQueue = messages;
            return this;
        }

        /** Adds a text frame sent upstream after every (re)connect. */
        public Builder onConnect(String text) {
            onConnect.add(Objects.requireNonNull(text, "text"));
            return this;
        }

        /** How often a quiet upstream is probed, and how long it may stay silent. */
        public Builder upstreamHeartbeat(Duration interval, Duration timeout) {
            this.upstreamHeartbeat = interval;
            this.upstreamTimeout = timeout;
            return this;
        }

        /** The largest message, in bytes, accepted from the upstream. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** The settings; checks them as a whole. */
        public HubSettings build() {
            return new HubSettings(replayMessages, replayAge, portQueue, slowPolicy, upstreamQueue, onConnect,
                    upstreamHeartbeat, upstreamTimeout, maxMessageSize);
        }
    }
}
