package dev.switchboard.transport.sse;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * One SSE upstream connection: one GET, one HTTP response, read to its end. The transport never
 * reconnects by itself; the hub does, passing the last event id it saw in its next request.
 *
 * <p>The response is checked here (status, content type) before okhttp-sse parses the stream,
 * so that failures can say what was wrong and so that 204 can mean "stop".
 */
final class SseConnection implements UpstreamConnection {

    /** The close reason for an upstream that answered 204, SSE's "do not reconnect" ({@link UpstreamListener#STOP}). */
    static final String NO_CONTENT_REASON = "upstream asked to stop (204 No Content)";
    /** The close code for an orderly end, as the listener contract asks of non-WebSocket protocols. */
    static final int NORMAL = 1000;
    /** The close reason for an upstream that ended its response body. */
    static final String END_OF_STREAM = "end of stream";

    private final URI uri;
    private final String shown; // the URI for messages, without secrets
    private final UpstreamRequest request;
    private final GuardedListener events;
    private final PostSender sender;
    private final Call call;

    SseConnection(UpstreamRequest request, SseTarget target, UpstreamListener listener) {
        this.uri = request.uri();
        this.shown = SseUris.show(uri);
        this.request = request;
        // OkHttp restarts the read timeout on every read that returns bytes, so SSE comments
        // (": keepalive") keep a quiet stream alive and only true silence trips it.
        OkHttpClient client = SseHttp.client().newBuilder()
                .connectTimeout(request.connectTimeout())
                .readTimeout(request.heartbeatTimeout())
                .build();
        this.events = new GuardedListener(listener, this, shown, SseHttp.callbacks(), this::release);
        this.sender = target.canSend()
                ? new PostSender(client, target.postUrl(), target.headers(), error -> events.failed(error, true))
                : null;
        this.call = client.newCall(streamRequest(target));
    }

    private static Request streamRequest(SseTarget target) {
        Request.Builder builder = new Request.Builder()
                .url(target.streamUrl())
                .headers(target.headers())
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache");
        if (target.lastEventId() != null) {
            builder.header("Last-Event-ID", target.lastEventId());
        }
        return builder.build();
    }

    /** Sends the GET; the outcome reaches the listener. */
    void start() {
        call.enqueue(new ResponseCheck());
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public boolean send(Message message) {
        return sender != null && events.isOpen() && sender.offer(message);
    }

    @Override
    public void close() {
        events.closedByClient();
    }

    @Override
    public void cancel() {
        events.failed(new IOException("the connection to upstream " + shown + " was cancelled by the client"), false);
    }

    /** Runs once, when the final callback is claimed: frees the socket and the send queue. */
    private void release() {
        call.cancel();
        if (sender != null) {
            sender.stop();
        }
    }

    @Override
    public String toString() {
        return "SseConnection[" + shown + "]";
    }

    /** Checks the response before the stream is parsed. */
    private final class ResponseCheck implements Callback {

        @Override
        public void onFailure(Call failed, IOException e) {
            events.failed(connectFailure(e), true);
        }

        @Override
        public void onResponse(Call answered, Response response) {
            if (response.code() == 204) {
                response.close();
                // The first callback must be onOpen or onFailure, so a 204 opens and closes at once.
                events.open();
                events.closed(UpstreamListener.STOP, NO_CONTENT_REASON);
                return;
            }
            String problem = problemWith(response);
            if (problem != null) {
                response.close();
                events.failed(new IOException(problem), true);
                return;
            }
            // Parses the stream on this OkHttp thread until it ends, reporting to StreamEvents.
            EventSources.processResponse(response, new StreamEvents());
        }

        private String problemWith(Response response) {
            if (response.code() != 200) {
                return "upstream " + shown + " answered HTTP " + response.code() + " " + response.message()
                        + " instead of 200 OK; check the URL and any credentials in the request headers";
            }
            MediaType type = response.body().contentType();
            if (type == null || !"text".equals(type.type()) || !"event-stream".equals(type.subtype())) {
                return "upstream " + shown + " answered 200 with Content-Type "
                        + (type == null ? "(none)" : type.toString())
                        + " instead of text/event-stream; check that the URL points at the event stream itself";
            }
            return null;
        }
    }

    /** Turns okhttp-sse's callbacks into listener callbacks. */
    private final class StreamEvents extends EventSourceListener {

        @Override
        public void onOpen(EventSource source, Response response) {
            events.open();
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            Message message = Message.text(data);
            if (message.size() > request.maxMessageSize()) {
                events.failed(new IOException("upstream " + shown + " sent an event of " + message.size()
                        + " bytes, more than maxMessageSize " + request.maxMessageSize()
                        + "; raise maxMessageSize if such events are expected"), true);
                return;
            }
            if (id != null) {
                message = message.withEventId(id);
            }
            if (type != null) {
                message = message.withEventType(type);
            }
            events.message(message);
        }

        @Override
        public void onClosed(EventSource source) {
            events.closed(NORMAL, END_OF_STREAM);
        }

        @Override
        public void onFailure(EventSource source, Throwable t, Response response) {
            events.failed(streamFailure(t), true);
        }
    }

    private IOException connectFailure(IOException e) {
        if (e instanceof InterruptedIOException) { // a SocketTimeoutException included
            return new IOException("upstream " + shown + " did not answer in time (connectTimeout "
                    + request.connectTimeout() + " to connect, then heartbeatTimeout " + request.heartbeatTimeout()
                    + " for the response headers): " + e.getMessage() + "; check that the URL is an event stream", e);
        }
        return new IOException("could not connect to upstream " + shown + ": " + e.getMessage()
                + "; check that it is running and that the host and port are right", e);
    }

    private IOException streamFailure(Throwable t) {
        if (t == null) { // okhttp-sse's own response checks, which ResponseCheck makes unreachable
            return new IOException("upstream " + shown + " answered with something that is not an event stream");
        }
        if (t instanceof InterruptedIOException) {
            return new IOException("upstream " + shown + " sent nothing for " + request.heartbeatTimeout()
                    + " (the heartbeatTimeout, used as the read timeout) and is taken for dead; if it is only quiet,"
                    + " have it send ': keepalive' comments more often or raise heartbeatTimeout", t);
        }
        return new IOException("the event stream from upstream " + shown + " broke: " + t, t);
    }
}
