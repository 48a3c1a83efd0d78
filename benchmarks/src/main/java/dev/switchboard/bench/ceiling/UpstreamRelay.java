package dev.switchboard.bench.ceiling;

import dev.switchboard.bench.common.Broadcast;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A ceiling's one upstream connection: every whole binary frame from the origin is written to
 * every client channel, on the one thread that receives it (as the hub broadcasts on its one
 * thread). No queue, no cursor, no replay: nothing but the writes.
 */
public final class UpstreamRelay implements WebSocket.Listener {

    private final Broadcast fanout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ceiling-upstream");
        t.setDaemon(true);
        return t;
    });
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile String state = "CONNECTING";
    private volatile long frames;

    /** A relay that hands every whole upstream frame to {@code fanout}. */
    public UpstreamRelay(Broadcast fanout) {
        this.fanout = fanout;
    }

    /** Connects, waiting at most 10 seconds. */
    public void connect(URI upstream) throws Exception {
        HttpClient client = HttpClient.newBuilder().executor(executor).build();
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(upstream, this)
                .get(15, TimeUnit.SECONDS);
    }

    /** CONNECTING, OPEN, CLOSED or FAILED. */
    public String state() {
        return state;
    }

    /** Frames relayed so far. */
    public long frames() {
        return frames;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        state = "OPEN";
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (!last || partial.size() > 0) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            partial.writeBytes(part);
        }
        if (last) {
            byte[] frame;
            if (partial.size() > 0) {
                frame = partial.toByteArray();
                partial.reset();
            } else {
                frame = new byte[data.remaining()];
                data.get(frame);
            }
            frames++;
            fanout.broadcast(frame);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        state = "CLOSED";
        System.err.println("ceiling: upstream closed " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        state = "FAILED";
        System.err.println("ceiling: upstream failed: " + error);
    }
}
