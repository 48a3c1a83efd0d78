package dev.switchboard.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened in a hub, for listeners, logs and metrics.
 */
public sealed interface HubEvent {

    /** The hub the event happened in. */
    String hub();

    /** When it happened, by the hub's clock. */
    Instant at();

    /**
     * A port attached.
     *
     * @param hub    the hub's name
     * @param portId the new port's id
     * @param remote the client's description
     * @param at     when
     */
    record PortAttached(String hub, String portId, String remote, Instant at) implements HubEvent {
        /** Checks that no part is missing. */
        public PortAttached {
            Objects.requireNonNull(hub, "hub");
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A port ended; emitted exactly once per port.
     *
     * @param hub    the hub's name
     * @param portId the port's id
     * @param end    its reason and detail
     * @param at     when
     */
    record PortEnded(String hub, String portId, PortEnd end, Instant at) implements HubEvent {
        /** Checks that no part is missing. */
        public PortEnded {
            Objects.requireNonNull(hub, "hub");
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The upstream connection changed state.
     *
     * @param hub    the hub's name
     * @param from   the previous state
     * @param to     the new state
     * @param detail why, for people, never null
     * @param at     when
     */
    record UpstreamStateChanged(String hub, UpstreamState from, UpstreamState to, String detail, Instant at)
            implements HubEvent {
        /** Checks the parts and normalises a null detail to empty. */
        public UpstreamStateChanged {
            Objects.requireNonNull(hub, "hub");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(at, "at");
            detail = detail == null ? "" : detail;
        }
    }

    /**
     * After a failed attempt or a dropped connection, the next attempt was scheduled.
     *
     * @param hub     the hub's name
     * @param attempt the number of the coming attempt since the last stable connection, from 1
     * @param delay   how long the hub waits before it
     * @param cause   what failed, for people
     * @param at      when the retry was scheduled
     */
    record UpstreamRetryScheduled(String hub, int attempt, Duration delay, String cause, Instant at)
            implements HubEvent {
        /** Checks the parts and normalises a null cause to empty. */
        public UpstreamRetryScheduled {
            Objects.requireNonNull(hub, "hub");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(at, "at");
            cause = cause == null ? "" : cause;
        }
    }
}
