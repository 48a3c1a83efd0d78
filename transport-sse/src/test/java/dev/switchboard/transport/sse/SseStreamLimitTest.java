package dev.switchboard.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * maxMessageSize bounds the parser's memory: an oversized line or event fails as soon as the
 * limit is passed, and the parser has by then read only about the limit from the stream, not
 * the rest of the event.
 */
class SseStreamLimitTest {

    private static final int LIMIT = 64 * 1024;
    private static final long TEN_MIB = 10L * 1024 * 1024;
    /** What okio reads from the network at a time: the parser may hold one such read beyond the limit. */
    private static final long ONE_READ = 8192;

    @Test
    @DisplayName("a 10 MiB single-line event fails at a 64 KiB limit, having read about 64 KiB")
    void oversizedLineFailsEarly() {
        CountingSource origin = new CountingSource("data: ", "x", TEN_MIB);
        SseEventParser parser = new SseEventParser(ParsedStream.trickle(origin, Long.MAX_VALUE), LIMIT, new ParsedStream());

        assertThatThrownBy(() -> readAll(parser))
                .isInstanceOf(StreamLimitException.class)
                .hasMessage("sent a line of more than maxMessageSize 65536 bytes (plus 6 for its field name)");
        assertThat(origin.handedOut()).as("bytes the parser read of a %d-byte event", TEN_MIB)
                .isLessThanOrEqualTo(LIMIT + SseEventParser.FIELD_ROOM + ONE_READ);
    }

    @Test
    @DisplayName("a 10 MiB event of many short data lines fails at a 64 KiB limit, having read about 64 KiB")
    void oversizedEventOfManyLinesFailsEarly() {
        String line = "data: " + "y".repeat(1017) + "\n"; // 1 KiB per line
        CountingSource origin = new CountingSource("", line, TEN_MIB);
        SseEventParser parser = new SseEventParser(ParsedStream.trickle(origin, Long.MAX_VALUE), LIMIT, new ParsedStream());

        assertThatThrownBy(() -> readAll(parser))
                .isInstanceOf(StreamLimitException.class)
                .hasMessage("sent an event with more than maxMessageSize 65536 bytes of data");
        assertThat(origin.handedOut()).as("bytes the parser read of a %d-byte event", TEN_MIB)
                .isLessThanOrEqualTo(LIMIT + line.length() + ONE_READ);
    }

    @Test
    @DisplayName("data of exactly maxMessageSize bytes passes, in one line or several; one byte more fails")
    void exactlyTheLimitPasses() throws IOException {
        assertThat(parse("data: 0123456789\n\n", 10)).containsExactly("-|-|0123456789");
        assertThat(parse("data: 01234\ndata: 6789\n\n", 10)).containsExactly("-|-|01234\n6789");
        // Without the optional space the line fits its limit (10 + 6), so the data check is what fires.
        assertThatThrownBy(() -> parse("data:0123456789A\n\n", 10))
                .hasMessageContaining("more than maxMessageSize 10 bytes of data");
        assertThatThrownBy(() -> parse("data: 01234\ndata: 67890\n\n", 10))
                .hasMessageContaining("more than maxMessageSize 10 bytes of data");
    }

    @Test
    @DisplayName("the limit counts UTF-8 bytes, not characters")
    void limitCountsBytes() throws IOException {
        assertThat(parse("data: éé\n\n", 4)).containsExactly("-|-|éé");
        assertThatThrownBy(() -> parse("data: ééé\n\n", 4)).isInstanceOf(StreamLimitException.class);
    }

    @Test
    @DisplayName("any single line counts, a comment included")
    void longCommentFails() {
        assertThatThrownBy(() -> parse(":" + "z".repeat(20) + "\n\n", 10))
                .isInstanceOf(StreamLimitException.class)
                .hasMessageContaining("line of more than maxMessageSize 10 bytes");
    }

    private static java.util.List<String> parse(String stream, int limit) throws IOException {
        return ParsedStream.parse(stream.getBytes(StandardCharsets.UTF_8), 1, limit);
    }

    private static void readAll(SseEventParser parser) throws IOException {
        while (parser.next()) {
            // until the limit stops it
        }
    }

    /**
     * {@code prefix} then {@code unit} repeated, {@code total} bytes in all, made as they are read
     * rather than held in memory, counting how many were handed out.
     */
    private static final class CountingSource implements Source {
        private final byte[] prefix;
        private final byte[] unit;
        private final long total;
        private long handedOut;

        CountingSource(String prefix, String unit, long total) {
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
            this.unit = unit.getBytes(StandardCharsets.UTF_8);
            this.total = total;
        }

        long handedOut() {
            return handedOut;
        }

        @Override
        public long read(Buffer sink, long byteCount) {
            if (handedOut >= total) {
                return -1;
            }
            long wanted = Math.min(byteCount, total - handedOut);
            for (long i = 0; i < wanted; i++, handedOut++) {
                sink.writeByte(handedOut < prefix.length
                        ? prefix[(int) handedOut]
                        : unit[(int) ((handedOut - prefix.length) % unit.length)]);
            }
            return wanted;
        }

        @Override
        public Timeout timeout() {
            return Timeout.NONE;
        }

        @Override
        public void close() {
        }
    }
}
