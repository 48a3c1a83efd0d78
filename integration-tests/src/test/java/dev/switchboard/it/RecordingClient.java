package dev.switchboard.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real WebSocket client (the JDK's) that records every whole message it receives: String for
 * text, byte[] for binary. The JDK client answers pings on its own, as browsers do.
 */
final class RecordingClient implements WebSocket.Listener {

    private final List<Object> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private WebSocket socket;

    static CompletableFuture<RecordingClient> connect(HttpClient http, URI uri) {
        RecordingClient client = new RecordingClient();
        return http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client)
                .thenApply(ws -> {
                    client.socket = ws;
                    return client;
                });
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            messages.add(binary.toByteArray());
            binary.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    List<Object> messages() {
        return new ArrayList<>(messages);
    }

    List<String> texts() {
        return messages.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** Completes with the close code the server sent. */
    CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    boolean isOpen() {
        return !closeCode.isDone() && !socket.isInputClosed();
    }

    void sendText(String message) {
        socket.sendText(message, true).join();
    }

    void sendBinary(byte[] message) {
        socket.sendBinary(ByteBuffer.wrap(message), true).join();
    }

    void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }
}
