package dev.switchboard.testsupport;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) that records what it receives: whole text messages as
 * {@link String}, whole binary messages as {@code byte[]}, and how the connection closed. A
 * test takes messages one at a time ({@link #next()}) or looks at all of them so far
 * ({@link #messages()}). The JDK client answers pings on its own, as browsers do.
 */
public final class TestClient implements WebSocket.Listener, AutoCloseable {

    /** Long enough for a loaded 2-core CI machine, short enough to fail a hung test quickly. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How the server closed the connection. */
    public record Closed(int code, String reason) {
    }

    private final Recorded<Object> received = new Recorded<>("message at the client");
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile WebSocket socket;

    private TestClient() {
    }

    /** Connects, or throws what the handshake failed with. */
    public static TestClient connect(URI uri) throws Exception {
        return connectAsync(uri).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts connecting and returns at once, so that a test can open many clients side by side. */
    public static CompletableFuture<TestClient> connectAsync(URI uri) {
        TestClient client = new TestClient();
        return HTTP.newWebSocketBuilder()
                .connectTimeout(WAIT)
                .buildAsync(uri, client)
                .thenApply(ws -> {
                    client.socket = ws;
                    return client;
                });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            received.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The next whole message not taken yet, text or binary; fails after {@link #WAIT}. */
    public Object next() throws InterruptedException {
        return received.next(WAIT);
    }

    /** Every message received so far, in order, whether taken with {@link #next()} or not. */
    public List<Object> messages() {
        return received.all();
    }

    /** The text messages received so far, in order. */
    public List<String> texts() {
        return messages().stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** The next message, which must be text. */
    public String nextText() throws InterruptedException {
        Object message = next();
        if (!(message instanceof String s)) {
            throw new AssertionError("expected a text message, got " + ((byte[]) message).length + " binary bytes");
        }
        return s;
    }

    /** The next message, which must be binary. */
    public byte[] nextBinary() throws InterruptedException {
        Object message = next();
        if (!(message instanceof byte[] bytes)) {
            throw new AssertionError("expected a binary message, got text: " + message);
        }
        return bytes;
    }

    /** Whether a message is waiting that {@link #next()} has not taken. */
    public boolean hasMessage() {
        return received.hasUnread();
    }

    /** Sends one whole text message and waits until it is written. */
    public void sendText(String message) throws Exception {
        socket.sendText(message, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends one text fragment; {@code last} ends the message. */
    public void sendTextPart(String part, boolean last) throws Exception {
        socket.sendText(part, last).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends one whole binary message and waits until it is written. */
    public void sendBinary(byte[] message) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(message), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts sending a binary message without waiting: the server may close before it is all written. */
    public CompletableFuture<WebSocket> startSendingBinary(byte[] message) {
        return socket.sendBinary(ByteBuffer.wrap(message), true);
    }

    /** The close the server sent; fails if the connection broke without one, or none came in time. */
    public Closed awaitClose() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Whether the server closed the connection (or it failed). */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Completes with the close the server sent, or exceptionally if the connection failed. */
    public CompletableFuture<Closed> closed() {
        return closed;
    }

    /** Whether the connection is still open for reading. */
    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    /** Says goodbye with 1000 if still open, and drops the connection. */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        if (!closed.isDone() && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }
}
