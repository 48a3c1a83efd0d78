package dev.switchboard.transport.sse;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import java.util.Set;

/**
 * Server-Sent Events (EventSource) upstreams, on OkHttp with the transport's own stream reader.
 *
 * <h2>URIs</h2>
 * The schemes are {@code sse+http} and {@code sse+https}: the transport strips the {@code sse+}
 * prefix to get the real URL, so {@code sse+https://feed.example.com/events?topic=a} streams
 * from {@code https://feed.example.com/events?topic=a}. Plain {@code http}/{@code https} are not
 * claimed, because other plugins may use them.
 *
 * <h2>One connection, one response</h2>
 * Each connection is one {@code GET} with {@code Accept: text/event-stream}, the request's
 * headers, and {@code Last-Event-ID} when {@link UpstreamRequest#lastEventId()} is set. The
 * transport never reconnects itself: the hub does, passing the last event id it saw.
 * <ul>
 *   <li>The stream is parsed by the WHATWG EventSource rules: lines end in CRLF, LF or CR, a
 *       leading BOM is skipped, comments ({@code :...}) are ignored, {@code data} lines are joined
 *       with "\n", and an event without data is not dispatched.</li>
 *   <li>Each event's {@code data} becomes {@code Message.text(data)}, with its {@code id} (the
 *       last id seen on this connection, as EventSource defines it; an id containing NUL is
 *       ignored) and its {@code event} type when present.</li>
 *   <li>An event whose data, or any single line, is larger than
 *       {@link UpstreamRequest#maxMessageSize()} bytes (a line may have 6 more, for its field
 *       name) fails the connection with a message naming the limit, as soon as the limit is
 *       passed: the rest is never read into memory.</li>
 *   <li>An upstream that ends the body: {@code onClosed(1000, "end of stream")}.</li>
 *   <li><b>HTTP 204 No Content</b> is SSE's "stop, do not reconnect": the listener gets
 *       {@code onOpen} then {@code onClosed(204, "upstream asked to stop (204 No Content)")}.
 *       A hub should treat close code 204 as final and not reconnect.</li>
 *   <li>Any other status than 200, or a {@code Content-Type} that is not
 *       {@code text/event-stream}: {@code onFailure} naming the status or type and the URI.</li>
 *   <li>A network error: {@code onFailure}.</li>
 *   <li>{@code close()} on an open stream: {@code onClosed(1000, "closed by the client")}.</li>
 * </ul>
 *
 * <h2>Heartbeats</h2>
 * SSE has no ping, so {@link UpstreamRequest#heartbeatTimeout()} is the read timeout: a stream
 * that sends no byte for that long fails with a message naming the timeout. Any bytes count as
 * life, comments ({@code : keepalive}) included, so an upstream that is quiet for long should
 * send comments more often than the timeout. {@link UpstreamRequest#heartbeatInterval()} is
 * not used, as there is nothing to probe with.
 *
 * <h2>Retry advice</h2>
 * A {@code retry:} field made only of ASCII digits reaches the listener at once as
 * {@code onRetryAdvice(Duration.ofMillis(n))} (capped at 292 years, where a Duration's nanoseconds
 * stop fitting in a long); any other value is ignored, as EventSource does.
 * The hub uses it to lengthen, never shorten, its own backoff.
 *
 * <h2>Sending</h2>
 * SSE has no upstream channel. Without options a connection is <b>receive-only</b> and
 * {@code send()} always returns false. With the option {@code post-url} set to an http(s) URL,
 * {@code send()} POSTs each message to it ({@code text/plain; charset=utf-8} or
 * {@code application/octet-stream}, with the request's headers), one at a time, in order, from
 * a queue of 1024 messages; it returns false while the stream is not open
 * or the queue is full. A POST that fails or is answered with a non-2xx status fails the
 * connection. {@code post-url} is the only option.
 *
 * <h2>TLS</h2>
 * {@code sse+https} checks the host name (OkHttp's verifier) and the certificate against the
 * request's {@linkplain UpstreamRequest#trustedCertificates() trusted certificates} (a private
 * CA; the hub setting {@code upstream-ca}) or, when it names none, the JVM's default trust store.
 *
 * <p>The shared OkHttp client and its daemon threads are created on the first connection.
 */
public final class SseTransportProvider implements TransportProvider {

    /** Does nothing: discovery creates every provider on the class path, used or not. */
    public SseTransportProvider() {
    }

    @Override
    public Set<String> schemes() {
        return SseTarget.SCHEMES;
    }

    @Override
    public String name() {
        return "transport-sse";
    }

    @Override
    public void validate(UpstreamRequest request) {
        SseTarget.of(request);
    }

    @Override
    public UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener) {
        SseConnection connection = new SseConnection(request, SseTarget.of(request), listener);
        connection.start();
        return connection;
    }
}
