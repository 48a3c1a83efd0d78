package dev.switchboard.transport.sse;

import dev.switchboard.api.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * Runs {@link SseEventParser} over bytes, no network, and writes down what it reported, one
 * string per callback: {@code "id|type|data"} for an event ({@code -} for no id or type), and
 * {@code "retry 5000"} for retry advice.
 */
final class ParsedStream implements SseEventParser.Sink {

    private final List<String> reported = new ArrayList<>();

    /** Parses all of {@code bytes}, handed to the parser at most {@code chunk} bytes per read. */
    static List<String> parse(byte[] bytes, long chunk, int maxMessageSize) throws IOException {
        ParsedStream stream = new ParsedStream();
        SseEventParser parser = new SseEventParser(trickle(new Buffer().write(bytes), chunk), maxMessageSize, stream);
        while (parser.next()) {
            // every line is reported through the sink
        }
        return stream.reported;
    }

    /**
     * A source that returns at most {@code chunk} bytes per read, as a slow network would, so
     * that line ends split across reads (a CR in one, its LF in the next) get tested.
     */
    static BufferedSource trickle(Source from, long chunk) {
        return Okio.buffer(new Source() {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                return from.read(sink, Math.min(byteCount, chunk));
            }

            @Override
            public Timeout timeout() {
                return Timeout.NONE;
            }

            @Override
            public void close() throws IOException {
                from.close();
            }
        });
    }

    @Override
    public void event(Message message) {
        reported.add(message.eventId().orElse("-") + "|" + message.eventType().orElse("-") + "|" + message.text());
    }

    @Override
    public void retry(Duration delay) {
        reported.add("retry " + delay.toMillis());
    }
}
