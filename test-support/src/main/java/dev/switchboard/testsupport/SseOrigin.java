package dev.switchboard.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Server-Sent Events origin on 127.0.0.1 that keeps every event it published and, like a
 * well-behaved origin, resumes a reconnecting client after its {@code Last-Event-ID}. Events are
 * {@code id: N} / {@code data: event-N}; tests can drop every open stream mid-flight.
 */
public final class SseOrigin implements AutoCloseable {

    private static final Object DROP = new Object();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final List<BlockingQueue<Object>> streams = new CopyOnWriteArrayList<>();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();

    /** Starts the origin on 127.0.0.1 and a free port. */
    public SseOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/stream", this::stream);
        server.setExecutor(threads);
        server.start();
    }

    /** The upstream URI for a hub: the SSE transport's scheme. */
    public URI uri() {
        return URI.create("sse+http://127.0.0.1:" + server.getAddress().getPort() + "/stream");
    }

    /** Publishes the next event to every open stream. Events are numbered from 1. */
    public synchronized void publish() {
        published.add("event-" + (published.size() + 1));
        streams.forEach(q -> q.add(published.size()));
    }

    /** Ends every open stream at once, mid-flight. */
    public void dropStreams() {
        streams.forEach(q -> q.add(DROP));
    }

    /** How many streams are open now. */
    public int openStreams() {
        return streams.size();
    }

    /** The Last-Event-ID each connection arrived with ("" for none), in order. */
    public List<String> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    private void stream(HttpExchange exchange) throws IOException {
        String lastId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(lastId == null ? "" : lastId);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        try (OutputStream out = exchange.getResponseBody()) {
            synchronized (this) {
                // Resume after the client's last id: everything it has not seen, then live.
                int from = lastId == null ? 0 : Integer.parseInt(lastId);
                for (int n = from + 1; n <= published.size(); n++) {
                    queue.add(n);
                }
                streams.add(queue);
            }
            write(out, ": connected\n\n");
            while (true) {
                Object next = queue.poll(30, TimeUnit.SECONDS);
                if (next == null || next == DROP) {
                    return;
                }
                int n = (Integer) next;
                write(out, "id: " + n + "\ndata: " + published.get(n - 1) + "\n\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the hub closed its end
        } finally {
            streams.remove(queue);
            exchange.close();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends every stream and stops the server. */
    @Override
    public void close() {
        dropStreams();
        server.stop(0);
        threads.shutdownNow();
    }
}
