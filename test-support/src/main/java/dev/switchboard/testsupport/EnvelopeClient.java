package dev.switchboard.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) speaking envelope mode, subprotocol {@code switchboard.v1}:
 * it records every envelope it receives as JSON, answers {@code ping} envelopes with {@code pong}
 * (unless told not to) without recording them, and can stop reading altogether, so that its TCP
 * buffers fill like a stalled browser's.
 */
public final class EnvelopeClient implements WebSocket.Listener, AutoCloseable {

    public static final String SUBPROTOCOL = "switchboard.v1";
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<TestClient.Closed> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final AtomicInteger pings = new AtomicInteger();
    private final Object demandLock = new Object();
    private final int trimDataTo;
    private volatile boolean autoPong = true;
    private boolean paused;
    private boolean demandOwed;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;

    private EnvelopeClient(int trimDataTo) {
        this.trimDataTo = trimDataTo;
    }

    /** Connects in envelope mode, live only. */
    public static EnvelopeClient connect(URI uri) throws Exception {
        return connect(uri, null, Integer.MAX_VALUE);
    }

    /** Connects in envelope mode with {@code ?since=since} (none when null). */
    public static EnvelopeClient connect(URI uri, String since) throws Exception {
        return connect(uri, since, Integer.MAX_VALUE);
    }

    /**
     * Connects in envelope mode; each recorded {@code data} is cut to {@code trimDataTo}
     * characters, so that tests moving many large messages keep little of them.
     */
    public static EnvelopeClient connect(URI uri, String since, int trimDataTo) throws Exception {
        EnvelopeClient client = new EnvelopeClient(trimDataTo);
        URI target = since == null ? uri : URI.create(uri + "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        client.socket = HTTP.newWebSocketBuilder()
                .subprotocols(SUBPROTOCOL)
                .connectTimeout(TestClient.WAIT)
                .buildAsync(target, client)
                .get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    /** The subprotocol the server answered with. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String frame = text.toString();
            text.setLength(0);
            JsonNode envelope = parse(frame);
            if ("ping".equals(envelope.path("type").asText())) {
                pings.incrementAndGet();
                if (autoPong) {
                    sendText("{\"type\":\"pong\"}");
                }
            } else {
                received.add(envelope);
            }
        }
        askForMore(webSocket);
        return null;
    }

    private JsonNode parse(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            if (node instanceof ObjectNode object && object.path("data").isTextual()
                    && object.path("data").textValue().length() > trimDataTo) {
                object.put("data", object.path("data").textValue().substring(0, trimDataTo));
            }
            return node;
        } catch (JsonProcessingException e) {
            // Not an envelope at all: keep it visible for the assertion that will fail on it.
            return TextNode.valueOf(frame);
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        received.add(TextNode.valueOf("unexpected binary frame of " + data.remaining() + " bytes"));
        askForMore(webSocket);
        return null;
    }

    private void askForMore(WebSocket webSocket) {
        synchronized (demandLock) {
            if (paused) {
                demandOwed = true;
                return;
            }
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new TestClient.Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Stops reading: no further frame is taken from the network until {@link #resume()}. */
    public void pause() {
        synchronized (demandLock) {
            paused = true;
        }
    }

    /** Reads again. */
    public void resume() {
        boolean owed;
        synchronized (demandLock) {
            paused = false;
            owed = demandOwed;
            demandOwed = false;
        }
        if (owed) {
            socket.request(1);
        }
    }

    /** Whether {@code ping} envelopes are answered with {@code pong}. */
    public void autoPong(boolean value) {
        autoPong = value;
    }

    /** How many {@code ping} envelopes arrived. */
    public int pings() {
        return pings.get();
    }

    /** The next envelope other than {@code ping}; fails after {@link TestClient#WAIT}. */
    public JsonNode next() throws InterruptedException {
        JsonNode envelope = received.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (envelope == null) {
            throw new AssertionError("no envelope arrived within " + TestClient.WAIT);
        }
        return envelope;
    }

    /** The next envelope, which must be of {@code type}. */
    public JsonNode next(String type) throws InterruptedException {
        JsonNode envelope = next();
        if (!type.equals(envelope.path("type").asText())) {
            throw new AssertionError("expected a " + type + " envelope, got " + envelope);
        }
        return envelope;
    }

    /** Envelopes up to and including the first that matches, in order. */
    public List<JsonNode> until(Predicate<JsonNode> last) throws InterruptedException {
        List<JsonNode> got = new ArrayList<>();
        while (true) {
            JsonNode envelope = next();
            got.add(envelope);
            if (last.test(envelope)) {
                return got;
            }
        }
    }

    /** Whether an envelope is waiting. */
    public boolean hasEnvelope() {
        return !received.isEmpty();
    }

    /** Sends one text frame; frames go out in call order. */
    public CompletableFuture<?> sendText(String frame) {
        synchronized (this) {
            sending = sending.handle((r, e) -> null).thenCompose(ignored -> socket.sendText(frame, true));
            return sending;
        }
    }

    /** Sends one text frame and waits until it is written. */
    public void send(String frame) throws Exception {
        sendText(frame).get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends one binary frame and waits until it is written. */
    public void sendBinary(byte[] bytes) throws Exception {
        CompletableFuture<?> done;
        synchronized (this) {
            sending = sending.handle((r, e) -> null).thenCompose(ignored -> socket.sendBinary(ByteBuffer.wrap(bytes), true));
            done = sending;
        }
        done.get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The close the server sent; fails if none came in time. */
    public TestClient.Closed awaitClose() throws Exception {
        return closed.get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Whether the connection closed (or failed). */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the connection at once, as a crashed client would, without a close frame. */
    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /** Says goodbye with 1000 if still open, and drops the connection. */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        try {
            if (!closed.isDone() && !ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        } catch (RuntimeException sendPending) {
            // dropped below anyway
        }
        ws.abort();
    }
}
