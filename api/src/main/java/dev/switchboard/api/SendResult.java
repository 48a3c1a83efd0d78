package dev.switchboard.api;

import java.util.Objects;

/**
 * The outcome of a port's {@link Port#send} toward the upstream.
 *
 * @param status what happened to the message
 * @param detail why, for people; empty when it was sent
 */
public record SendResult(Status status, String detail) {

    /** What happened to a message a port sent upstream. */
    public enum Status {
        /** Handed to the open upstream connection. */
        SENT,
        /** The upstream is not open; the message waits in the hub's bounded queue and goes out, in order, after reconnect. */
        QUEUED,
        /** Refused: the message was not taken and will never be sent; {@link #detail()} says why. */
        REJECTED
    }

    /** Checks the status and normalises a null detail to empty. */
    public SendResult {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** The message was handed to the open upstream. */
    public static SendResult sent() {
        return new SendResult(Status.SENT, "");
    }

    /** The message waits for the upstream to reconnect. */
    public static SendResult queued(String detail) {
        return new SendResult(Status.QUEUED, detail);
    }

    /** The message was refused, for the given reason. */
    public static SendResult rejected(String detail) {
        return new SendResult(Status.REJECTED, detail);
    }

    /** Whether the hub took the message (sent or queued). */
    public boolean accepted() {
        return status != Status.REJECTED;
    }
}
