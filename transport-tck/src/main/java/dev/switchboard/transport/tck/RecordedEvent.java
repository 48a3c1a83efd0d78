package dev.switchboard.transport.tck;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import java.time.Duration;

/**
 * One callback a {@link ListenerRecorder} received, with the thread it came on.
 * Only the fields that belong to its {@link #kind()} are set; the others are null or zero.
 *
 * @param kind       which callback it was
 * @param connection the connection the transport passed to the callback
 * @param message    the message of an {@code onMessage}
 * @param retryDelay the delay of an {@code onRetryAdvice}
 * @param code       the close code of an {@code onClosed}
 * @param reason     the reason of an {@code onClosed}
 * @param cause      the cause of an {@code onFailure}
 * @param thread     the name of the thread that made the callback
 */
public record RecordedEvent(
        Kind kind,
        UpstreamConnection connection,
        Message message,
        Duration retryDelay,
        int code,
        String reason,
        Throwable cause,
        String thread) {

    /** The listener callbacks, by name. */
    public enum Kind {
        OPEN, MESSAGE, RETRY_ADVICE, CLOSED, FAILURE;

        /** Whether nothing may follow a callback of this kind. */
        public boolean isFinal() {
            return this == CLOSED || this == FAILURE;
        }
    }

    static RecordedEvent open(UpstreamConnection connection) {
        return new RecordedEvent(Kind.OPEN, connection, null, null, 0, null, null, currentThread());
    }

    static RecordedEvent message(UpstreamConnection connection, Message message) {
        return new RecordedEvent(Kind.MESSAGE, connection, message, null, 0, null, null, currentThread());
    }

    static RecordedEvent retryAdvice(UpstreamConnection connection, Duration delay) {
        return new RecordedEvent(Kind.RETRY_ADVICE, connection, null, delay, 0, null, null, currentThread());
    }

    static RecordedEvent closed(UpstreamConnection connection, int code, String reason) {
        return new RecordedEvent(Kind.CLOSED, connection, null, null, code, reason, null, currentThread());
    }

    static RecordedEvent failure(UpstreamConnection connection, Throwable cause) {
        return new RecordedEvent(Kind.FAILURE, connection, null, null, 0, null, cause, currentThread());
    }

    private static String currentThread() {
        return Thread.currentThread().getName();
    }

    /** Whether this is {@code onClosed} or {@code onFailure}. */
    public boolean isFinal() {
        return kind.isFinal();
    }

    /** A short description such as {@code onClosed(1000, "end of stream")}, for failure messages. */
    @Override
    public String toString() {
        switch (kind) {
            case OPEN:
                return "onOpen";
            case MESSAGE:
                return "onMessage(" + message + ")";
            case RETRY_ADVICE:
                return "onRetryAdvice(" + retryDelay + ")";
            case CLOSED:
                return "onClosed(" + code + ", \"" + reason + "\")";
            default:
                return "onFailure(" + cause + ")";
        }
    }
}
