package dev.switchboard.transport.sse;

import dev.switchboard.api.Message;
import java.io.IOException;
import java.time.Duration;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Interprets an event stream line by line, following the WHATWG HTML rules for EventSource
 * ("Interpreting an event stream"), with every piece of memory bounded by
 * {@code maxMessageSize}. Lines come from {@link SseLineReader} (CRLF, LF or CR; a leading BOM
 * skipped).
 *
 * <ul>
 *   <li>A blank line dispatches the event. An event whose data buffer is empty (no {@code data}
 *       line at all) is not dispatched; its event type is reset, its id is kept.</li>
 *   <li>A line starting with {@code :} is a comment and is ignored: origins send them to keep a
 *       quiet stream alive, and the bytes count as life for the read timeout.</li>
 *   <li>{@code field: value}: the field is everything before the first colon, the value
 *       everything after it with one leading space removed. A line without a colon is a field
 *       with an empty value ({@code data} alone adds an empty line to the data).</li>
 *   <li>{@code data}: appends the value and a line feed to the data buffer; the last line feed
 *       is removed at dispatch, so several {@code data} lines are joined with "\n".</li>
 *   <li>{@code event}: the event type; empty means the default ({@code message}), given as no
 *       type at all.</li>
 *   <li>{@code id}: the last event id, kept for every later event until the next {@code id}
 *       (an empty one clears it); ignored if the value contains NUL. An id on an event that is
 *       not dispatched still counts for the events after it.</li>
 *   <li>{@code retry}: if the value is only ASCII digits, reported at once as retry advice in
 *       milliseconds; otherwise ignored. Values of 292 years or more are taken as
 *       {@link #MAX_RETRY_MILLIS}, so that the advice stays a Duration whose nanoseconds fit in
 *       a long, as schedulers need.</li>
 *   <li>Any other field is ignored. Field names are case-sensitive.</li>
 *   <li>At the end of the stream an event without its blank line is dropped.</li>
 * </ul>
 *
 * <p>Text is decoded as UTF-8 with malformed bytes replaced by U+FFFD, as the rules ask.
 * An event whose data would pass {@code maxMessageSize} bytes fails with
 * {@link StreamLimitException} before the extra line is stored.
 */
final class SseEventParser {

    /** Where parsed events and advice go; called on the reading thread, in stream order. */
    interface Sink {
        /** A dispatched event: its data as text, with the last event id and its type when set. */
        void event(Message message);

        /** The stream's {@code retry:} field, in milliseconds. */
        void retry(Duration delay);
    }

    /** The largest retry advice reported: {@code Duration.ofMillis(MAX_RETRY_MILLIS).toNanos()} still fits in a long. */
    static final long MAX_RETRY_MILLIS = Long.MAX_VALUE / 1_000_000;

    /** Room for {@code "data: "}, so that a line carrying a full maxMessageSize of data still fits. */
    static final int FIELD_ROOM = "data: ".length();

    private static final ByteString DATA = ByteString.encodeUtf8("data");
    private static final ByteString EVENT = ByteString.encodeUtf8("event");
    private static final ByteString ID = ByteString.encodeUtf8("id");
    private static final ByteString RETRY = ByteString.encodeUtf8("retry");

    private final SseLineReader lines;
    private final long maxDataBytes;
    private final Sink sink;
    private final Buffer data = new Buffer();
    private String eventType = "";
    private String lastEventId = "";

    /**
     * @param source         the response body, positioned at its first byte
     * @param maxMessageSize the largest event data accepted, in bytes (UTF-8)
     * @param sink           receives events and retry advice
     */
    SseEventParser(BufferedSource source, int maxMessageSize, Sink sink) {
        this.lines = new SseLineReader(source, (long) maxMessageSize + FIELD_ROOM,
                "maxMessageSize " + maxMessageSize + " bytes (plus " + FIELD_ROOM + " for its field name)");
        this.maxDataBytes = maxMessageSize;
        this.sink = sink;
    }

    /**
     * Reads and interprets one line, blocking until it has arrived.
     *
     * @return false when the stream has ended (an unfinished event is dropped)
     * @throws StreamLimitException when a line or an event's data passes maxMessageSize
     * @throws IOException          when reading fails
     */
    boolean next() throws IOException {
        ByteString line = lines.next();
        if (line == null) {
            data.clear();
            return false;
        }
        if (line.size() == 0) {
            dispatch();
        } else if (line.getByte(0) != ':') {
            field(line);
        }
        return true;
    }

    private void field(ByteString line) throws StreamLimitException {
        int colon = indexOf(line, (byte) ':');
        ByteString name = colon == -1 ? line : line.substring(0, colon);
        ByteString value = ByteString.EMPTY;
        if (colon != -1) {
            int start = colon + 1;
            if (start < line.size() && line.getByte(start) == ' ') {
                start++;
            }
            value = line.substring(start);
        }
        if (name.equals(DATA)) {
            // The line feed already stored will separate this line from the last one, so the
            // data would be exactly size + value long at dispatch.
            if (data.size() + value.size() > maxDataBytes) {
                throw new StreamLimitException("sent an event with more than maxMessageSize " + maxDataBytes
                        + " bytes of data");
            }
            data.write(value).writeByte('\n');
        } else if (name.equals(EVENT)) {
            eventType = value.utf8();
        } else if (name.equals(ID)) {
            if (indexOf(value, (byte) 0) == -1) {
                lastEventId = value.utf8();
            }
        } else if (name.equals(RETRY)) {
            retry(value);
        }
    }

    private void retry(ByteString value) {
        if (value.size() == 0) {
            return;
        }
        long millis = 0;
        for (int i = 0; i < value.size(); i++) {
            int digit = value.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            millis = Math.min(MAX_RETRY_MILLIS, millis * 10 + digit); // no overflow: millis <= MAX_RETRY_MILLIS before
        }
        sink.retry(Duration.ofMillis(millis));
    }

    private void dispatch() throws IOException { // never, in fact: the bytes are in memory
        String type = eventType;
        eventType = "";
        if (data.size() == 0) {
            return;
        }
        String text = data.readUtf8(data.size() - 1);
        data.clear(); // the trailing line feed
        Message message = Message.text(text);
        if (!lastEventId.isEmpty()) {
            message = message.withEventId(lastEventId);
        }
        if (!type.isEmpty()) {
            message = message.withEventType(type);
        }
        sink.event(message);
    }

    private static int indexOf(ByteString bytes, byte wanted) {
        for (int i = 0; i < bytes.size(); i++) {
            if (bytes.getByte(i) == wanted) {
                return i;
            }
        }
        return -1;
    }
}
