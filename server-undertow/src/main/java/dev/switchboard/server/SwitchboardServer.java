package dev.switchboard.server;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import dev.switchboard.api.config.Durations;
import dev.switchboard.server.attach.ClientAddress;
import dev.switchboard.server.observe.ServerMetrics;
import dev.switchboard.server.observe.ServerState;
import dev.switchboard.server.ws.OpenConnections;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged server: the configured hubs behind one Undertow listener. Clients connect to
 * {@code ws://HOST:PORT/hubs/NAME/ws}; {@code GET /healthz} reports every hub.
 *
 * <p>Lifecycle: {@link #create} builds the hubs (a bad upstream fails here), {@link #start} binds
 * the listener, {@link #stop} ends every client with 1001 and closes the hubs. A stopped server
 * cannot be started again.
 */
public final class SwitchboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardServer.class);

    /** How long a stopping server waits for clients to answer their close frames. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final ServerConfig config;
    private final HubDirectory hubs;
    private final Listener listener;
    private final OpenConnections connections;
    private final ServerMetrics metrics;
    private final ServerState state;
    private InetSocketAddress boundAddress;
    private boolean started;
    private boolean stopped;

    @Inject
    SwitchboardServer(ServerConfig config, HubDirectory hubs, Listener listener, OpenConnections connections,
                      ServerMetrics metrics, ServerState state) {
        this.config = config;
        this.hubs = hubs;
        this.listener = listener;
        this.connections = connections;
        this.metrics = metrics;
        this.state = state;
    }

    /**
     * Builds a server and its hubs from {@code config}, through {@link ServerModule}.
     *
     * @throws IllegalArgumentException when a hub cannot be built, e.g. no transport handles its
     *     upstream's scheme; the message names the value and the fix
     */
    public static SwitchboardServer create(ServerConfig config) {
        return create(config, ServerModule.class.getClassLoader());
    }

    /**
     * Builds a server and its hubs from {@code config}, with the transports {@code transportLoader}
     * finds (e.g. a loader of plugin jars whose parent is the server's class loader). The caller
     * owns the loader and closes it, if at all, after {@link #stop()}.
     *
     * @throws IllegalArgumentException as {@link #create(ServerConfig)}
     */
    public static SwitchboardServer create(ServerConfig config, ClassLoader transportLoader) {
        try {
            // PRODUCTION builds the singletons now, so a bad hub fails here rather than at first use.
            return Guice.createInjector(Stage.PRODUCTION, new ServerModule(config, transportLoader))
                    .getInstance(SwitchboardServer.class);
        } catch (CreationException | ProvisionException e) {
            throw GuiceFailures.unwrap(e);
        }
    }

    /**
     * Binds the listener and starts serving. Idempotent while running.
     *
     * @throws ServerStartException when the address cannot be used (the message names it and why);
     *     the hubs are closed, and this server cannot be started again
     * @throws IllegalStateException if the server was stopped
     */
    public synchronized SwitchboardServer start() {
        if (stopped) {
            throw new IllegalStateException("this server was stopped; create a new one to serve again");
        }
        if (started) {
            return this;
        }
        InetSocketAddress bound;
        try {
            bound = listener.start();
        } catch (RuntimeException e) {
            stopped = true;
            stopQuietly();
            hubs.close();
            throw new ServerStartException(config.listen(), e);
        }
        started = true;
        boundAddress = bound;
        state.listening();
        return this;
    }

    /**
     * The address the listener is bound to, with the real port when port 0 was configured.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized InetSocketAddress boundAddress() {
        if (boundAddress == null) {
            throw new IllegalStateException("the server is not listening yet; call start() first");
        }
        return boundAddress;
    }

    /** The URL a WebSocket client uses to attach to hub {@code name}. */
    public URI hubUri(String name) {
        InetSocketAddress address = boundAddress();
        String host = address.getHostString();
        String scheme = config.security().tls().isPresent() ? "wss://" : "ws://";
        return URI.create(scheme + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort()
                + "/hubs/" + name + "/ws");
    }

    /** The hubs this server serves. */
    public HubDirectory hubs() {
        return hubs;
    }

    /** The server's metrics: what {@code GET /metrics} shows. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The configuration the server was built with. */
    public ServerConfig config() {
        return config;
    }

    /** As {@link #drain(Duration, Duration)} with no accept grace: the listener closes at once. */
    public boolean drain(Duration timeout) {
        return drain(timeout, Duration.ZERO);
    }

    /**
     * Stops gracefully. At once: {@code /readyz} answers 503, every hub refuses new ports (a late
     * WebSocket client gets 1013, a late SSE client an empty stream), and every port is told that the
     * server is shutting down (envelope and SSE ports get a {@code status} with {@code shutdown}).
     * After {@code acceptGrace} (at once when it is zero) the listening socket closes, so that new TCP
     * connections are refused; open connections go on. The server then waits until what was queued
     * for the ports before that notice is written and every open upstream has written the client
     * sends it took, at most {@code timeout} from the start, and at least until the grace is over,
     * then {@link #stop()}s: WebSocket ports are closed with 1001, SSE streams end, upstreams close.
     * Idempotent; a stopped server returns at once.
     *
     * @param acceptGrace how long the listener keeps accepting, so that a load balancer sees the 503
     *                    of {@code /readyz} before connections are refused
     * @return true if every port and upstream was flushed within {@code timeout}
     * @throws IllegalArgumentException if {@code acceptGrace} is negative
     */
    public boolean drain(Duration timeout, Duration acceptGrace) {
        if (acceptGrace.isNegative()) {
            throw new IllegalArgumentException("accept grace " + acceptGrace + " is negative: give 0 to close the listener at once");
        }
        synchronized (this) {
            if (stopped) {
                return true;
            }
            state.draining();
        }
        // Not ListenerInfo.suspend(), which drops the open connections before their close frames: the
        // listener's own socket alone is closed, now or after the grace.
        Executor afterGrace = acceptGrace.isZero() ? Runnable::run
                : CompletableFuture.delayedExecutor(acceptGrace.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<Void> listenerClosed = CompletableFuture.runAsync(this::stopAccepting, afterGrace);
        CompletableFuture<?>[] flushed = hubs.asMap().values().stream()
                .map(hub -> hub.drain("the server is shutting down").toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        boolean complete = true;
        try {
            CompletableFuture.allOf(flushed).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            complete = false;
            long queued = hubs.asMap().values().stream().mapToLong(hub -> hub.stats().queuedItems()).sum();
            long unwritten = hubs.asMap().values().stream().mapToLong(hub -> hub.stats().upstreamBufferedBytes()).sum();
            LOG.warn("drain timeout of {} reached with {} items still queued for clients and {} bytes not yet written to upstreams;"
                    + " closing now", Durations.format(timeout), queued, unwritten);
        } catch (InterruptedException e) {
            complete = false;
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            complete = false;
            LOG.warn("draining failed; closing now", e.getCause());
        }
        // Sends waiting for a reconnecting upstream are not waited for: closing the hubs drops them.
        long waiting = hubs.asMap().values().stream().mapToLong(hub -> hub.stats().sendsWaiting()).sum();
        if (waiting > 0) {
            LOG.warn("dropping {} client sends still waiting for an upstream to reconnect", waiting);
        }
        try {
            // The grace outlasts a quick flush: the balancer must still reach this listener to see the 503.
            listenerClosed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debug("the accept grace failed", e.getCause());
        }
        stop();
        return complete;
    }

    /**
     * Stops: every hub ends its ports with SHUTDOWN (clients get close code 1001), the server waits
     * a little for the clients to answer, then closes the listener. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        state.draining();
        hubs.close();
        metrics.close();
        if (started) {
            try {
                if (!connections.awaitNone(STOP_GRACE)) {
                    LOG.debug("{} client connection(s) still open after {}; dropping them", connections.count(), STOP_GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopQuietly();
        }
    }

    /** The listener's running I/O threads ({@code --io-threads}); 0 before {@link #start()}. */
    public int ioThreads() {
        return listener.ioThreadCount();
    }

    /** Whether the listener takes new TCP connections: from {@link #start()} until a drain closes it. */
    public boolean isAccepting() {
        return listener.isAccepting();
    }

    private void stopAccepting() {
        synchronized (this) {
            if (stopped || !started) {
                return;
            }
            listener.stopAccepting();
        }
        LOG.info("no longer accepting connections on {}", ClientAddress.of(boundAddress));
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void stopQuietly() {
        try {
            listener.stop();
        } catch (RuntimeException e) {
            LOG.debug("stopping the listener failed", e);
        }
    }
}
