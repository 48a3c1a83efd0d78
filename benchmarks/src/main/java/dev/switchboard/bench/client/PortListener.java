package dev.switchboard.bench.client;

import dev.switchboard.bench.common.Frame;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * One client connection. The JDK WebSocket delivers at most as many messages (or parts) as were
 * requested, so every callback ends with {@code request(1)}; a frame may come in several parts
 * ({@code last == false}), so the header is gathered across parts and the receive time taken
 * when the last part arrives.
 */
final class PortListener extends Connection implements WebSocket.Listener {

    private final LoadClient client;
    volatile WebSocket socket;
    volatile int closeCode = -1;
    private volatile boolean aborted;
    private byte[] head;
    private int headLength;

    PortListener(LoadClient client) {
        this.client = client;
    }

    @Override
    void abort() {
        aborted = true;
        socket.abort();
        closed.complete(null);
    }

    @Override
    boolean started() {
        return socket != null;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last && headLength == 0 && data.remaining() >= Frame.HEADER) {
            // The whole frame in one part: the common case, read in place.
            client.received(this, Frame.run(data), Frame.seq(data), Frame.scheduledNanos(data), System.nanoTime());
        } else {
            gather(data);
            if (last) {
                long now = System.nanoTime();
                if (headLength == Frame.HEADER) {
                    ByteBuffer h = ByteBuffer.wrap(head);
                    client.received(this, Frame.run(h), Frame.seq(h), Frame.scheduledNanos(h), now);
                } else {
                    client.malformed();
                }
                headLength = 0;
            }
        }
        webSocket.request(1);
        return null;
    }

    private void gather(ByteBuffer data) {
        if (headLength < Frame.HEADER) {
            if (head == null) {
                head = new byte[Frame.HEADER];
            }
            int n = Math.min(Frame.HEADER - headLength, data.remaining());
            data.get(data.position(), head, headLength, n);
            headLength += n;
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        client.malformed(); // the origin only sends binary frames; raw mode must keep them binary
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The JDK answers pings with pongs by itself; the hub's heartbeat sees them.
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        client.closedDuringRun(this);
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (aborted) {
            return; // our own teardown, not a failure
        }
        closeCode = 1006;
        client.closedDuringRun(this);
        client.noteError(error);
        closed.complete(null);
    }
}
