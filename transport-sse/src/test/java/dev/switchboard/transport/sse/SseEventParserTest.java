package dev.switchboard.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WHATWG EventSource parsing rules, one row each. Every row runs twice: with the whole
 * stream in one read, and one byte per read, so that a CRLF split across reads is covered.
 * Events are written {@code "id|type|data"} ({@code -} for none), advice {@code "retry N"}.
 */
class SseEventParserTest {

    private static final int LIMIT = 1 << 20;

    static Stream<Arguments> rules() {
        return Stream.of(
                row("LF ends lines", "data: a\n\n", "-|-|a"),
                row("CRLF ends lines", "data: a\r\n\r\n", "-|-|a"),
                row("CR alone ends lines", "data: a\r\r", "-|-|a"),
                row("CR, CRLF and LF mixed in one stream", "data: a\rdata: b\r\ndata: c\n\r\n", "-|-|a\nb\nc"),
                row("CR CR is two line ends, not one", "data: a\r\rdata: b\r\r", "-|-|a", "-|-|b"),
                row("a leading BOM is skipped", "\uFEFFdata: a\n\n", "-|-|a"),
                row("only one leading BOM is skipped: a second one is part of the field name",
                        "\uFEFF\uFEFFdata: a\n\ndata: b\n\n", "-|-|b"),
                row("a BOM after the start is not skipped", "data: a\n\n\uFEFFdata: b\n\n", "-|-|a"),
                row("data lines are joined with \\n", "data: one\ndata: two\ndata:three\n\n", "-|-|one\ntwo\nthree"),
                row("one space after the colon is removed, not two", "data:  two spaces\n\n", "-|-| two spaces"),
                row("no space after the colon is fine", "data:none\n\n", "-|-|none"),
                row("a colon inside the value stays", "data: a: b\n\n", "-|-|a: b"),
                row("a field without a colon has an empty value: data alone is an empty line", "data\n\n", "-|-|"),
                row("two bare data lines make one line feed", "data\ndata\n\n", "-|-|\n"),
                row("an empty data value still dispatches", "data:\n\n", "-|-|"),
                row("an event with no data line is not dispatched", "event: tick\n\ndata: b\n\n", "-|-|b"),
                row("blank lines alone dispatch nothing", "\n\n\r\n\r", new String[0]),
                row("a comment is ignored", ": keepalive\ndata: a\n:\n\n", "-|-|a"),
                row("a comment only is not an event", ": keepalive\n\n", new String[0]),
                row("an unknown field is ignored", "foo: bar\ndata: a\n\n", "-|-|a"),
                row("field names are case-sensitive", "Data: a\n\ndata: b\n\n", "-|-|b"),
                row("a space before the colon is part of the field name", "data : a\n\ndata: b\n\n", "-|-|b"),
                row("event sets the type of its event only", "event: tick\ndata: a\n\ndata: b\n\n", "-|tick|a", "-|-|b"),
                row("an empty event type is the default", "event:\ndata: a\n\n", "-|-|a"),
                row("the last event id persists across events", "id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n",
                        "1|-|a", "1|-|b", "2|-|c"),
                row("an id on an event without data still counts", "id: 7\n\ndata: x\n\n", "7|-|x"),
                row("an empty id clears the last event id", "id: 1\ndata: a\n\nid\ndata: b\n\n", "1|-|a", "-|-|b"),
                row("an id containing NUL is ignored", "id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n", "1|-|a", "1|-|b"),
                row("retry with digits is reported at once", "retry: 5000\n", "retry 5000"),
                row("retry is reported before the event it sits in", "retry: 10\ndata: a\n\n", "retry 10", "-|-|a"),
                row("retry with anything but ASCII digits is ignored",
                        "retry: 5s\nretry: -1\nretry: +1\nretry:  7\nretry:\nretry\nretry: 1.5\nretry: \u0661\nretry: 12\n",
                        "retry 12"),
                row("retry of 292 years or more is capped, so its nanoseconds fit in a long",
                        "retry: 99999999999999999999999\nretry: 9223372036854\n",
                        "retry " + SseEventParser.MAX_RETRY_MILLIS, "retry " + SseEventParser.MAX_RETRY_MILLIS),
                row("retry just under the cap is kept", "retry: 9223372036853\n", "retry 9223372036853"),
                row("an event without its blank line at the end of the stream is dropped", "data: a\n\ndata: b\n", "-|-|a"),
                row("an unterminated last line is dropped", "data: a\n\ndata: b", "-|-|a"),
                row("UTF-8 text is decoded", "id: é\nevent: ✓\ndata: héllo ✓ 😀\n\n", "é|✓|héllo ✓ 😀"));
    }

    private static Arguments row(String rule, String stream, String... expected) {
        return Arguments.of(rule, stream, List.of(expected));
    }

    /** How the stream reaches the parser. */
    enum Reads {
        WHOLE_STREAM_IN_ONE_READ(Long.MAX_VALUE), ONE_BYTE_PER_READ(1);

        final long chunk;

        Reads(long chunk) {
            this.chunk = chunk;
        }
    }

    static Stream<Arguments> rulesTimesReads() {
        return rules().flatMap(row -> Stream.of(Reads.values()).map(reads -> {
            Object[] values = row.get();
            return Arguments.of(values[0], values[1], values[2], reads);
        }));
    }

    @ParameterizedTest(name = "{0} ({3})")
    @MethodSource("rulesTimesReads")
    void followsTheEventSourceRules(String rule, String stream, List<String> expected, Reads reads) throws IOException {
        assertThat(ParsedStream.parse(stream.getBytes(StandardCharsets.UTF_8), reads.chunk, LIMIT))
                .as(rule).isEqualTo(expected);
    }

    @Test
    @DisplayName("malformed UTF-8 becomes U+FFFD and does not disturb the lines around it")
    void malformedUtf8IsReplaced() throws IOException {
        byte[] stream = {'d', 'a', 't', 'a', ':', ' ', (byte) 0xFF, 'x', (byte) 0xC3, '\n', '\n'};
        assertThat(ParsedStream.parse(stream, 1, LIMIT)).containsExactly("-|-|\uFFFDx\uFFFD");
    }
}
