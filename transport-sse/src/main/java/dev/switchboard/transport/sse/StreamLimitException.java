package dev.switchboard.transport.sse;

import java.io.IOException;

/**
 * The event stream went past {@code maxMessageSize}: a line or an event's data grew larger than
 * the request allows. Thrown as soon as the limit is passed, before the rest is read, so that
 * an origin cannot exhaust memory with one endless event.
 *
 * <p>The message says what was too large ("sent an event with more than maxMessageSize 65536
 * bytes of data"); the connection adds which upstream and the fix.
 */
final class StreamLimitException extends IOException {

    StreamLimitException(String whatWasTooLarge) {
        super(whatWasTooLarge);
    }
}
