package dev.switchboard.transport.sse;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRefusedException;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.api.spi.support.CallbackGate;
import dev.switchboard.api.spi.support.Ending;
import dev.switchboard.api.spi.support.UpstreamTls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One SSE upstream connection: one GET, one HTTP response, read to its end. The transport never
 * reconnects by itself; the hub does, passing the last event id it saw in its next request.
 *
 * <p>The response is checked here (status, content type) before the stream is read, so that
 * failures can say what was wrong and so that 204 can mean "stop". The body is then read on the
 * OkHttp thread that received it, line by line with {@link SseEventParser}, until it ends, fails
 * or the connection is finished; our own parser rather than okhttp-sse's, because that one drops
 * the {@code retry:} field and buffers a whole event before its size can be checked.
 */
final class SseConnection implements UpstreamConnection {

    /** The close reason for an upstream that answered 204, SSE's "do not reconnect" ({@link UpstreamListener#STOP}). */
    static final String NO_CONTENT_REASON = "upstream asked to stop (204 No Content)";
    /** The close reason for an upstream that ended its response body. */
    static final String END_OF_STREAM = "end of stream";

    private final URI uri;
    private final String shown; // the URI for messages, without secrets
    private final UpstreamRequest request;
    private final CallbackGate events;
    private final PostSender sender;
    private final Call call;

    SseConnection(UpstreamRequest request, SseTarget target, UpstreamListener listener) {
        this.uri = request.uri();
        this.shown = Redacted.uri(uri);
        this.request = request;
        // OkHttp restarts the read timeout on every read that returns bytes, so SSE comments
        // (": keepalive") keep a quiet stream alive and only true silence trips it.
        OkHttpClient.Builder builder = SseHttp.client().newBuilder()
                .connectTimeout(request.connectTimeout())
                .readTimeout(request.heartbeatTimeout());
        // A private CA: OkHttp's own host name verifier still checks the certificate names the host.
        UpstreamTls.forRequest(request).ifPresent(tls -> builder.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager()));
        OkHttpClient client = builder.build();
        this.events = new CallbackGate(this, listener, SseHttp.callbacks(), this::release);
        this.sender = target.canSend()
                ? new PostSender(client, target.postUrl(), target.headers(), error -> events.end(new Ending.Failed(error)))
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

    /** What the POST sender holds: queued messages and the one on the wire; 0 for a receive-only stream. */
    @Override
    public long bufferedBytes() {
        return sender == null ? 0 : sender.bufferedBytes();
    }

    @Override
    public void close() {
        events.endFromCaller(new Ending.ClosedByClient(CloseCodes.NORMAL, "closed by the client", new IOException(
                "upstream " + shown + " was closed by the client before the event stream opened")));
    }

    @Override
    public void cancel() {
        events.endFromCaller(new Ending.Failed(new IOException("the connection to upstream " + shown + " was cancelled by the client")));
    }

    /** Runs once, when the end is claimed: frees the socket and the send queue. */
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
            events.end(new Ending.Failed(connectFailure(e)));
        }

        @Override
        public void onResponse(Call answered, Response response) {
            if (response.code() == 204) {
                response.close();
                // The first callback must be onOpen or onFailure, so a 204 opens and closes at once.
                events.open();
                events.end(new Ending.Closed(UpstreamListener.STOP, NO_CONTENT_REASON));
                return;
            }
            String problem = problemWith(response);
            if (problem != null) {
                response.close();
                // The origin answered and said no: the hub retries this only a bounded number of times.
                events.end(new Ending.Failed(new UpstreamRefusedException(response.code(), problem)));
                return;
            }
            read(response);
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

    /**
     * Reads the event stream on this OkHttp thread until it ends, fails, or the connection is
     * finished (a throwing listener, close(), cancel(): the socket is then closed under us).
     */
    private void read(Response response) {
        try {
            events.open();
            SseEventParser parser = new SseEventParser(response.body().source(), request.maxMessageSize(), new ToListener());
            while (!events.isEnded()) {
                if (!parser.next()) {
                    events.end(new Ending.Closed(CloseCodes.NORMAL, END_OF_STREAM));
                    return;
                }
            }
        } catch (StreamLimitException e) {
            events.end(new Ending.Failed(new IOException("upstream " + shown + " " + e.getMessage() + "; the connection is dropped"
                    + " without reading the rest. Raise maxMessageSize if such events are expected", e)));
        } catch (IOException e) {
            events.end(new Ending.Failed(streamFailure(e))); // ignored if the connection had already ended
        } catch (RuntimeException e) {
            // Not from the listener (the gate catches those): a bug here must still end
            // the connection with its final callback rather than die silently in OkHttp's thread.
            events.end(new Ending.Failed(new IOException("reading the event stream from upstream " + shown + " failed: " + e, e)));
        } finally {
            // Only now, after any failure has cancelled the call: closing an unfinished body
            // first makes OkHttp read and discard what is left of it for up to 100 ms, hoping to
            // reuse the connection, which is the opposite of dropping an oversized event.
            response.close();
        }
    }

    /** Hands parsed events to the gate, inline on the reading thread. */
    private final class ToListener implements SseEventParser.Sink {

        @Override
        public void event(Message message) {
            events.message(message);
        }

        @Override
        public void retry(Duration delay) {
            events.retryAdvice(delay);
        }
    }

    private IOException connectFailure(IOException e) {
        if (e instanceof InterruptedIOException) { // a SocketTimeoutException included
            return new IOException("upstream " + shown + " did not answer in time (connectTimeout "
                    + request.connectTimeout() + " to connect, then heartbeatTimeout " + request.heartbeatTimeout()
                    + " for the response headers): " + e.getMessage() + "; check that the URL is an event stream", e);
        }
        if (e instanceof javax.net.ssl.SSLException) { // an untrusted certificate, or one for another host
            return new IOException("TLS handshake with upstream " + shown + " failed: " + e.getMessage()
                    + "; check that the origin's certificate names the host in the URL and that a CA the server trusts"
                    + " signed it (the JVM's trust store, or the hub's upstream-ca file)", e);
        }
        return new IOException("could not connect to upstream " + shown + ": " + e.getMessage()
                + "; check that it is running and that the host and port are right", e);
    }

    private IOException streamFailure(IOException t) {
        if (t instanceof InterruptedIOException) {
            return new IOException("upstream " + shown + " sent nothing for " + request.heartbeatTimeout()
                    + " (the heartbeatTimeout, used as the read timeout) and is taken for dead; if it is only quiet,"
                    + " have it send ': keepalive' comments more often or raise heartbeatTimeout", t);
        }
        return new IOException("the event stream from upstream " + shown + " broke: " + t, t);
    }
}
