package dev.switchboard.server.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testsupport.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * A real SSE client, OkHttp's EventSource, that records the events it receives and how the stream
 * ended. OkHttp does not reconnect on its own, so a test resumes by connecting again.
 */
final class SseClient extends EventSourceListener implements AutoCloseable {

    /** One event as the client's parser delivered it; {@code type} is null for the default type. */
    record Event(String id, String type, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException("event data is not JSON: " + data, e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One client for all tests; no read timeout, since a stream may be quiet for long. */
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Response> opened = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final EventSource source;

    private SseClient(Request request) {
        this.source = EventSources.createFactory(HTTP).newEventSource(request, this);
    }

    /** Connects to {@code uri} with extra request headers. */
    static SseClient connect(URI uri, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(uri.toString());
        headers.forEach(request::header);
        return new SseClient(request.build());
    }

    static SseClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    @Override
    public void onOpen(EventSource eventSource, Response response) {
        opened.complete(response);
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
        events.add(new Event(id, type, data));
    }

    @Override
    public void onClosed(EventSource eventSource) {
        ended.complete("closed");
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable failure, Response response) {
        opened.completeExceptionally(failure != null ? failure : new IOException("failed with " + response));
        ended.complete("failed: " + (failure != null ? failure : response));
    }

    /** The response once the stream opened. */
    Response response() throws Exception {
        return opened.get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next event; fails after {@link TestClient#WAIT}. */
    Event next() throws InterruptedException {
        Event event = events.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event arrived within " + TestClient.WAIT);
        }
        return event;
    }

    /**
     * The next event, which must be of the named type (null for the default type). Upstream status
     * events come whenever the upstream changes state, so unless {@code type} is {@code status}
     * they are skipped.
     */
    Event next(String type) throws InterruptedException {
        Event event = next();
        while (!"status".equals(type) && "status".equals(event.type())) {
            event = next();
        }
        if (!Objects.equals(type, event.type())) {
            throw new AssertionError("expected an event of type " + type + ", got " + event);
        }
        return event;
    }

    /** Whether an event other than a status event is waiting. */
    boolean hasEvent() {
        return events.stream().anyMatch(event -> !"status".equals(event.type()));
    }

    /** How the stream ended: "closed" when the server ended it, "failed: ..." otherwise. */
    String awaitEnd() throws Exception {
        return ended.get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Hangs up. */
    @Override
    public void close() {
        source.cancel();
    }
}
