package dev.switchboard.transport.sse;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.transport.tck.TckOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE origin for tests: the JDK's HttpServer on 127.0.0.1, port 0.
 * <ul>
 *   <li>{@code GET /events}: a {@code text/event-stream} that sends what is published, and a
 *       {@code : keepalive} comment every {@link #KEEP_ALIVE} while quiet (unless silent).</li>
 *   <li>{@code POST /inbox}: records the body as a received message and answers
 *       {@link #inboxStatus(int)} (200 by default); {@link #holdInbox} makes it wait first.</li>
 *   <li>{@code GET /status?code=N...}: answers status N with a text/plain body.</li>
 *   <li>{@code GET /html}: answers 200 with text/html.</li>
 *   <li>{@code GET /no-content}: answers 204.</li>
 *   <li>{@code GET /flood?bytes=N&line=L}: one event of N bytes of data, in {@code data} lines
 *       carrying L bytes each (L=0: one single line), written 8 KiB at a time; how many bytes
 *       got out before the client stopped reading is {@link #floodWritten()}.</li>
 * </ul>
 */
final class SseTestOrigin implements TckOrigin {

    /** How often a quiet stream gets a comment; well under the kit's 900ms heartbeat timeout. */
    static final Duration KEEP_ALIVE = Duration.ofMillis(200);

    private static final String CLOSE = "\u0000close";
    private static final String DROP = "\u0000drop";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sse-test-origin");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<BlockingQueue<String>> streams = ConcurrentHashMap.newKeySet();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Headers> inboxRequests = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Headers> streamRequests = new LinkedBlockingQueue<>();
    private volatile boolean silent;
    private volatile boolean keepAlive = true;
    private volatile int inboxStatus = 200;
    private volatile CountDownLatch inboxGate = new CountDownLatch(0);
    private final CompletableFuture<Long> floodWritten = new CompletableFuture<>();

    private SseTestOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/events", this::stream);
        server.createContext("/inbox", this::inbox);
        server.createContext("/status", exchange -> {
            int code = Integer.parseInt(exchange.getRequestURI().getQuery().replaceAll("^code=(\\d+).*$", "$1"));
            answer(exchange, code, "text/plain", "no stream here");
        });
        server.createContext("/html", exchange -> answer(exchange, 200, "text/html", "<html>a page</html>"));
        server.createContext("/no-content", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/flood", this::flood);
        server.start();
    }

    static SseTestOrigin start() throws IOException {
        return new SseTestOrigin();
    }

    // ---- addresses ----

    @Override
    public URI uri() {
        return uri("/events");
    }

    /** {@code sse+http://127.0.0.1:port} + {@code pathAndQuery}. */
    URI uri(String pathAndQuery) {
        return URI.create("sse+http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /** The plain http URL of the inbox, for the {@code post-url} option. */
    String postUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/inbox";
    }

    // ---- driving the streams ----

    @Override
    public void publish(String text) {
        StringBuilder frame = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        publishRaw(frame.append('\n').toString());
    }

    /** Writes {@code frame} as is to every open stream, e.g. {@code "id: 7\nevent: tick\ndata: x\n\n"}. */
    void publishRaw(String frame) {
        streams.forEach(stream -> stream.add(frame));
    }

    /** Whether quiet streams get keep-alive comments. */
    void keepAlive(boolean on) {
        keepAlive = on;
    }

    /** The status {@code POST /inbox} answers with. */
    void inboxStatus(int status) {
        inboxStatus = status;
    }

    /** The request headers of each {@code GET /events}, in order. */
    BlockingQueue<Headers> streamRequests() {
        return streamRequests;
    }

    @Override
    public List<String> received() {
        return List.copyOf(received);
    }

    /** The request headers of each POST to the inbox, in order. */
    List<Headers> inboxRequests() {
        return List.copyOf(inboxRequests);
    }

    /** Makes every POST to the inbox wait, before it is recorded, until {@code gate} opens. */
    void holdInbox(CountDownLatch gate) {
        inboxGate = gate;
    }

    /** Holds every POST to the inbox unanswered (until the origin closes, or for at most 10 s): sends pile up in the transport. */
    @Override
    public boolean stopReading() {
        holdInbox(new CountDownLatch(1));
        return true;
    }

    /** Completes with the bytes {@code /flood} wrote, once it has written them all or its client went away. */
    CompletableFuture<Long> floodWritten() {
        return floodWritten;
    }

    @Override
    public int connectionCount() {
        return streams.size();
    }

    @Override
    public void dropConnections() {
        streams.forEach(stream -> stream.add(DROP));
    }

    @Override
    public void closeConnections() {
        streams.forEach(stream -> stream.add(CLOSE));
    }

    @Override
    public void goSilent() {
        silent = true;
    }

    @Override
    public void close() {
        dropConnections();
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- handlers ----

    private void stream(HttpExchange exchange) throws IOException {
        streamRequests.add(exchange.getRequestHeaders());
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0); // 0: chunked, open-ended
        OutputStream body = exchange.getResponseBody();
        body.flush();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        streams.add(frames);
        try {
            while (true) {
                String frame = frames.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (CLOSE.equals(frame)) {
                    body.close(); // the last chunk: an orderly end of the body
                    exchange.close();
                    return;
                }
                if (DROP.equals(frame)) {
                    // An exception out of a handler makes the JDK server close the socket
                    // without the last chunk: the client sees the stream break off.
                    throw new IOException("dropped by the test");
                }
                if (silent) {
                    continue;
                }
                if (frame == null && !keepAlive) {
                    continue;
                }
                body.write((frame == null ? ": keepalive\n\n" : frame).getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("origin stopped", e);
        } finally {
            streams.remove(frames);
        }
    }

    private void flood(HttpExchange exchange) throws IOException {
        Map<String, Long> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getQuery().split("&")) {
            String[] nameValue = pair.split("=", 2);
            query.put(nameValue[0], Long.parseLong(nameValue[1]));
        }
        long dataBytes = query.get("bytes");
        long lineBytes = query.get("line") == 0 ? dataBytes : query.get("line");
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        long written = 0;
        try (OutputStream body = exchange.getResponseBody()) {
            StringBuilder chunk = new StringBuilder();
            long lineLeft = 0;
            for (long sent = 0; sent < dataBytes; sent++) {
                if (lineLeft == 0) {
                    chunk.append(sent == 0 ? "data: " : "\ndata: ");
                    lineLeft = lineBytes;
                }
                chunk.append('x');
                lineLeft--;
                if (chunk.length() >= 8192) {
                    written += writeChunk(body, chunk);
                }
            }
            chunk.append("\n\n");
            written += writeChunk(body, chunk);
        } catch (IOException e) {
            // the client stopped reading and closed the connection: what the test wants to see
        } finally {
            floodWritten.complete(written);
            exchange.close();
        }
    }

    private static long writeChunk(OutputStream body, StringBuilder chunk) throws IOException {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        chunk.setLength(0);
        body.write(bytes);
        body.flush();
        return bytes.length;
    }

    private void inbox(HttpExchange exchange) throws IOException {
        try {
            inboxGate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("origin stopped", e);
        }
        try (InputStream in = exchange.getRequestBody()) {
            received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        inboxRequests.add(exchange.getRequestHeaders());
        exchange.sendResponseHeaders(inboxStatus, -1);
        exchange.close();
    }

    private static void answer(HttpExchange exchange, int code, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
