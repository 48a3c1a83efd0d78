package dev.switchboard.transport.sse;

import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Splits an event stream into lines as the WHATWG EventSource rules define them, holding at
 * most one bounded line in memory.
 *
 * <ul>
 *   <li>A line ends at CRLF, LF or CR. A line ending in CR is handed out as soon as the CR
 *       arrives; the LF that may follow it is skipped when the next line is read, so a CRLF
 *       split across two network reads is still one line end, and nothing waits for a byte
 *       that may never come.</li>
 *   <li>One UTF-8 byte order mark at the very start of the stream is skipped.</li>
 *   <li>A line longer than the limit fails with {@link StreamLimitException} as soon as more
 *       than the limit has arrived without a line end; the rest of it is never read. (okio's
 *       {@code readUtf8Line} would buffer the whole line, and knows no lone CR.)</li>
 *   <li>A last line with no line end before the stream ends is dropped: the stream broke off in
 *       the middle of it, and the rules discard unfinished input.</li>
 * </ul>
 *
 * <p>Lines are bytes, not text: CR and LF never occur inside a multi-byte UTF-8 sequence, so
 * splitting bytes is safe, and the caller decodes only what it keeps.
 */
final class SseLineReader {

    private static final ByteString BOM = ByteString.decodeHex("efbbbf");
    private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");

    private final BufferedSource source;
    private final long maxLineBytes;
    private final String limitName;
    private boolean started;
    private boolean skipLf;

    /**
     * @param source       the response body
     * @param maxLineBytes the longest line accepted, line end excluded
     * @param limitName    how to name the limit in the failure, e.g. "maxMessageSize 65536 bytes (plus 6 for its field name)"
     */
    SseLineReader(BufferedSource source, long maxLineBytes, String limitName) {
        this.source = source;
        this.maxLineBytes = maxLineBytes;
        this.limitName = limitName;
    }

    /**
     * The next line's bytes without its line end; null when the stream has ended.
     *
     * @throws StreamLimitException when the line is longer than the limit
     * @throws IOException          when reading fails (a read timeout, a broken connection)
     */
    ByteString next() throws IOException {
        if (!started) {
            started = true;
            // rangeEquals asks for one byte at a time and stops at the first mismatch, so a
            // stream without a BOM is not held up waiting for three bytes.
            if (source.rangeEquals(0, BOM)) {
                source.skip(BOM.size());
            }
        }
        if (skipLf) {
            skipLf = false;
            if (source.request(1) && source.getBuffer().getByte(0) == '\n') {
                source.skip(1);
            }
        }
        Buffer buffer = source.getBuffer();
        long scanned = 0;
        while (true) {
            long end = buffer.indexOfElement(LINE_ENDS, scanned);
            if (end != -1) {
                if (end > maxLineBytes) {
                    throw tooLong();
                }
                ByteString line = buffer.readByteString(end);
                skipLf = buffer.readByte() == '\r';
                return line;
            }
            scanned = buffer.size();
            if (scanned > maxLineBytes) {
                throw tooLong();
            }
            // Each request adds at most one network read (one okio segment, 8 KiB) to the
            // buffer, so it never holds much more than the limit.
            if (!source.request(scanned + 1)) {
                return null;
            }
        }
    }

    private StreamLimitException tooLong() {
        return new StreamLimitException("sent a line of more than " + limitName);
    }
}
