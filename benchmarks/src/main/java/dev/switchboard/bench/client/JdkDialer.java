package dev.switchboard.bench.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections on the JDK's {@code java.net.http.WebSocket}: a handful of {@link HttpClient}s (each
 * has one selector thread) sharing out the connections, each with a small executor of its own.
 * Convenient and standard, but it costs about as much CPU per delivery as the server it measures
 * (it decodes every message into a listener call on an executor), so it is not the default.
 */
final class JdkDialer implements Dialer {

    private final List<HttpClient> httpClients = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    JdkDialer(int clients, int threadsEach) {
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < clients; i++) {
            ExecutorService executor = Executors.newFixedThreadPool(threadsEach, r -> {
                Thread t = new Thread(r, "load-client-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            executors.add(executor);
            httpClients.add(HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(30)).build());
        }
    }

    @Override
    public CompletableFuture<Connection> open(URI uri, LoadClient client) {
        PortListener listener = new PortListener(client);
        return httpClients.get(Math.floorMod(next.getAndIncrement(), httpClients.size()))
                .newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, listener)
                .thenApply(ws -> listener);
    }

    @Override
    public void close() {
        executors.forEach(ExecutorService::shutdownNow);
    }
}
