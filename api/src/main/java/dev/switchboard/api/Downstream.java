package dev.switchboard.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One item a hub hands to a port, in order. Messages, status changes and gaps travel through
 * the same ordered, bounded queue, so a client always sees them in the order the hub did.
 *
 * <p>A front end in raw mode writes {@link Data} and acknowledges the other items without
 * writing them, since raw clients only understand upstream frames; a front end that speaks
 * the envelope protocol writes every item.
 */
public sealed interface Downstream {

    /**
     * Always the first item a port receives.
     *
     * @param portId    the port's id
     * @param head      the cursor of the newest message the hub had assigned when the port attached,
     *                  or {@code epoch:0} when it had none
     * @param heartbeat how often the hub probes the port; a port silent for longer than its
     *                  deadline is ended with {@link EndReason#TIMEOUT}
     * @param state     the upstream state when the port attached
     */
    record Welcome(String portId, Cursor head, Duration heartbeat, UpstreamState state) implements Downstream {
        /** Checks that no part is missing. */
        public Welcome {
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * An upstream message, with its cursor set.
     *
     * @param message the message; {@code message.cursor()} is present
     */
    record Data(Message message) implements Downstream {
        /** Checks that the message is present. */
        public Data {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The upstream changed state, or the server is shutting down.
     *
     * @param state    the upstream's state
     * @param detail   why, for people (e.g. "connection refused; retry in 1.2s"), never null
     * @param shutdown true when this is the notice that the server is stopping: the port is ended
     *                 with {@link EndReason#SHUTDOWN} once what is queued before it is written, so a
     *                 client should reconnect (elsewhere, or after a restart) with its last cursor
     */
    record Status(UpstreamState state, String detail, boolean shutdown) implements Downstream {
        /** Checks the state and normalises a null detail to empty. */
        public Status {
            Objects.requireNonNull(state, "state");
            detail = detail == null ? "" : detail;
        }

        /** A change of the upstream's state. */
        public Status(UpstreamState state, String detail) {
            this(state, detail, false);
        }
    }

    /**
     * Messages the port should have had are not coming: the client must treat its view as
     * incomplete (reload, or resume by other means). Never sent silently as a skip.
     *
     * @param after  the last cursor the port had (what it asked to resume after, or the last it was given)
     * @param next   the cursor of the next message the port will receive
     * @param cause  why the messages are missing
     */
    record Gap(Cursor after, Cursor next, Cause cause) implements Downstream {
        /** Checks that no part is missing. */
        public Gap {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(cause, "cause");
        }

        /** Why a gap happened. */
        public enum Cause {
            /** The replay buffer no longer holds the messages after the requested cursor. */
            EXPIRED,
            /** The cursor names no position in this hub's stream: it is from another epoch (the hub restarted) or beyond the newest message. */
            UNKNOWN_CURSOR,
            /** The port read too slowly and, as configured, lost its oldest queued messages. */
            OVERFLOW
        }
    }
}
