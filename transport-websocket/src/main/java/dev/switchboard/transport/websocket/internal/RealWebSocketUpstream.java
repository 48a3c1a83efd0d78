package dev.switchboard.transport.websocket.internal;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.Message;
import dev.switchboard.api.config.Durations;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.api.spi.support.CallbackGate;
import dev.switchboard.api.spi.support.Ending;
import dev.switchboard.api.spi.support.UpstreamTls;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.java_websocket.framing.CloseFrame;

/**
 * One upstream WebSocket connection: a Java-WebSocket client plus the state machine that turns
 * everything that can happen to it into the callbacks {@link UpstreamListener} promises.
 *
 * <p>The connection goes CONNECTING, then OPEN, then maybe CLOSING (after {@link #close()}),
 * then DONE. Every path to DONE is one compare-and-set, made by whoever ends the connection: the
 * socket (the library reports a close or failure), the timer (connect timeout, heartbeat
 * timeout, close deadline), the caller ({@link #close()} before open, {@link #cancel()}) or a
 * listener that threw. Only the winner of that compare-and-set queues a final callback, so there
 * is exactly one; {@link CallbackGate} delivers callbacks one at a time and nothing after the
 * final one.
 *
 * <p>{@link #send}, {@link #close()} and {@link #cancel()} never block, never call the listener
 * and never wait for the monitor of Java-WebSocket's connection object: the library delivers its
 * close callbacks while holding that monitor, so a caller holding a lock that the listener needs
 * must not wait for it. Whatever needs that monitor (the library's close), or may be slow
 * (closing a TLS socket), runs on the shared scheduler. ({@code send} only takes the library's
 * short write-queue lock, which is never held while callbacks run.)
 *
 * <p>The socket is read on a daemon thread named {@code switchboard-ws-reader-N (host:port)};
 * Java-WebSocket adds a daemon writer thread of its own, named {@code WebSocketWriteThread-N}.
 * Timers run on the provider's shared scheduler. {@code wss://} sockets come from the JVM's
 * default {@link SSLSocketFactory}, with host name verification.
 */
public final class RealWebSocketUpstream implements UpstreamConnection {

    private enum Phase { CONNECTING, OPEN, CLOSING, DONE }

    /** A close this side started while open: the library failing the connection. */
    private record LocalClose(int code, String reason) {
    }

    private static final AtomicInteger READERS = new AtomicInteger();

    private final UpstreamRequest request;
    private final URI uri;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.CONNECTING);
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final CallbackGate gate;
    private final DroppableSocketFactory sockets;
    private final Heartbeat heartbeat;
    private final UpstreamClient client;

    private volatile LocalClose localClose;
    private volatile ScheduledFuture<?> connectTimer;
    private volatile ScheduledFuture<?> closeTimer;

    private RealWebSocketUpstream(UpstreamRequest request, UpstreamListener listener, ScheduledExecutorService scheduler) {
        this.request = request;
        this.uri = request.uri();
        this.scheduler = scheduler;
        this.gate = new CallbackGate(this, listener, scheduler, this::dropIfStillRunning);
        this.sockets = new DroppableSocketFactory(socketsFor(request));
        this.heartbeat = new Heartbeat(scheduler, request.heartbeatInterval(), request.heartbeatTimeout(),
                this::ping, this::silent);
        this.client = new UpstreamClient(libraryUri(uri), new HeardDraft(request.maxMessageSize(), heartbeat::heard),
                new LinkedHashMap<>(request.headers()), new Events());
        client.setSocketFactory(sockets);
    }

    /**
     * Starts connecting and returns at once; the outcome reaches {@code listener}.
     *
     * @param request   an already validated request
     * @param scheduler the provider's shared timer
     */
    public static RealWebSocketUpstream start(UpstreamRequest request, UpstreamListener listener,
            ScheduledExecutorService scheduler) {
        RealWebSocketUpstream connection = new RealWebSocketUpstream(request, listener, scheduler);
        connection.begin();
        return connection;
    }

    private void begin() {
        connectTimer = scheduler.schedule(this::connectTimedOut, request.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        // The client is a Runnable: run it on a thread we name, instead of connect()'s generic one.
        String name = "switchboard-ws-reader-" + READERS.incrementAndGet() + " (" + (uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())) + ")";
        DaemonThreads.named(name, client).start();
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public boolean send(Message message) {
        if (message == null || !gate.isOpen() || phase.get() != Phase.OPEN) {
            return false;
        }
        try {
            if (message.isText()) {
                client.send(message.text());
            } else {
                client.send(message.payload());
            }
            return true;
        } catch (RuntimeException e) {
            // Closed between the check and the send (WebsocketNotConnectedException), or refused.
            return false;
        }
    }

    /**
     * The frames Java-WebSocket has queued for its writer thread and not yet written: the
     * library's public write queue, walked without locking it for long (its iterator is
     * weakly consistent), plus, on a plain {@code ws} socket, the frame the writer thread is
     * writing at the moment (a drain waits for it). The kernel's socket buffer is not counted,
     * nor the frame being written on a {@code wss} socket. The walk is as long as the queue, which the
     * hub's bound keeps short: a few large frames, or many small ones only while the upstream
     * has stopped reading. 0 once the connection has ended, since {@link #end} empties the queue.
     */
    @Override
    public long bufferedBytes() {
        if (phase.get() == Phase.DONE) {
            return 0;
        }
        return client.queuedBytes() + sockets.writingBytes();
    }

    @Override
    public void close() {
        while (true) {
            Phase p = phase.get();
            if (p == Phase.CONNECTING) {
                // There is no WebSocket yet to close gracefully, and rule 1 wants onFailure first.
                if (end(Phase.CONNECTING)) {
                    dropSocketLater();
                    gate.endFromCaller(new Ending.Failed(Failures.closedBeforeOpen(uri)));
                    return;
                }
            } else if (p == Phase.OPEN) {
                if (phase.compareAndSet(Phase.OPEN, Phase.CLOSING)) {
                    startClosing();
                    return;
                }
            } else {
                return;
            }
        }
    }

    private void startClosing() {
        // A peer that stops answering mid-close must not keep us waiting: drop it after the connect timeout.
        heartbeat.stop();
        closeTimer = scheduler.schedule(this::closeTimedOut, request.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        // Not on the caller's thread: the library's close() takes the monitor under which its reader
        // delivers onClosed, so a caller holding a lock the listener needs would deadlock with it.
        try {
            scheduler.execute(this::sendCloseFrame);
        } catch (RejectedExecutionException e) {
            sendCloseFrame();
        }
    }

    private void sendCloseFrame() {
        try {
            client.close(CloseFrame.NORMAL, "");
        } catch (RuntimeException e) {
            firstError.compareAndSet(null, e);
            if (end(Phase.CLOSING)) {
                sockets.drop();
                gate.end(new Ending.Failed(Failures.dropped(uri, e)));
            }
        }
    }

    @Override
    public void cancel() {
        if (endFromAnyPhase()) {
            dropSocketLater();
            gate.endFromCaller(new Ending.Failed(Failures.cancelled(uri)));
        }
    }

    @Override
    public String toString() {
        return "WebSocket upstream " + Redacted.uri(uri) + " (" + phase.get() + ")";
    }

    // ---- timers (on the shared scheduler thread) ----

    private void connectTimedOut() {
        if (end(Phase.CONNECTING)) {
            sockets.drop();
            gate.end(new Ending.Failed(Failures.connectTimeout(uri, request.connectTimeout())));
        }
    }

    private void silent() {
        if (end(Phase.OPEN)) {
            sockets.drop();
            gate.end(new Ending.Failed(Failures.silent(uri, request.heartbeatTimeout())));
        }
    }

    private void closeTimedOut() {
        if (end(Phase.CLOSING)) {
            sockets.drop();
            gate.end(new Ending.Closed(CloseFrame.ABNORMAL_CLOSE, "upstream did not answer the close within "
                    + Durations.format(request.connectTimeout()) + ", so the connection was dropped"));
        }
    }

    private void ping() {
        if (phase.get() == Phase.OPEN) {
            try {
                client.sendPing();
            } catch (RuntimeException e) {
                // Closing already; the close or the watchdog will end the connection.
            }
        }
    }

    // ---- the gate ended the connection itself: a listener threw from onOpen or onMessage ----

    // Every other end moved to DONE before it reached the gate, so this does nothing for them.
    private void dropIfStillRunning() {
        if (endFromAnyPhase()) {
            dropSocketLater();
        }
    }

    // ---- state ----

    /** Ends the connection if it is still in {@code from}; true if this call ended it. */
    private boolean end(Phase from) {
        if (phase.compareAndSet(from, Phase.DONE)) {
            stopTimers();
            // Frames an ended connection will never write must not stay in memory with it.
            client.dropQueued();
            return true;
        }
        return false;
    }

    private boolean endFromAnyPhase() {
        while (true) {
            Phase p = phase.get();
            if (p == Phase.DONE) {
                return false;
            }
            if (end(p)) {
                return true;
            }
        }
    }

    private void stopTimers() {
        heartbeat.stop();
        cancel(connectTimer);
        cancel(closeTimer);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    // Closing a TLS socket may try to send a close_notify; keep that off callers' threads.
    private void dropSocketLater() {
        try {
            scheduler.execute(sockets::drop);
        } catch (RejectedExecutionException e) {
            sockets.drop();
        }
    }

    private static Supplier<SocketFactory> socketsFor(UpstreamRequest request) {
        if (!request.scheme().equals("wss")) {
            return SocketFactory::getDefault;
        }
        // Resolved when the socket is made, on the reader thread: loading a trust store takes time.
        return () -> UpstreamTls.forRequest(request)
                .<SocketFactory>map(tls -> tls.context().getSocketFactory())
                .orElseGet(SSLSocketFactory::getDefault);
    }

    // Java-WebSocket compares the scheme case-sensitively.
    private static URI libraryUri(URI uri) {
        String scheme = uri.getScheme();
        String lower = scheme.toLowerCase(Locale.ROOT);
        return scheme.equals(lower) ? uri : URI.create(lower + uri.toString().substring(scheme.length()));
    }

    /** What the library reports, from its reader and writer threads. */
    private final class Events implements ClientEvents {

        @Override
        public void opened() {
            if (phase.compareAndSet(Phase.CONNECTING, Phase.OPEN)) {
                cancel(connectTimer);
                heartbeat.start();
                gate.open();
            } else {
                // Ended while the handshake was in flight; make sure the socket goes too.
                sockets.drop();
            }
        }

        @Override
        public void received(Message message) {
            Phase p = phase.get();
            if (p == Phase.OPEN || p == Phase.CLOSING) {
                gate.message(message);
            }
        }

        @Override
        public void closeInitiated(int code, String reason) {
            // Our own close() moved to CLOSING before calling the library, so this is the library failing us.
            if (phase.get() == Phase.OPEN) {
                localClose = new LocalClose(code, reason);
            }
        }

        @Override
        public void error(Exception error) {
            firstError.compareAndSet(null, error);
        }

        @Override
        public void closed(int code, String reason) {
            while (true) {
                Phase p = phase.get();
                if (p == Phase.DONE) {
                    return;
                }
                Ending ending = endingFor(p, code, reason);
                if (end(p)) {
                    if (p == Phase.CONNECTING) {
                        // The library closes its socket only once it has a writer thread; it may not.
                        sockets.drop();
                    }
                    gate.end(ending);
                    return;
                }
            }
        }

        private Ending endingFor(Phase p, int code, String reason) {
            Exception error = firstError.get();
            if (p == Phase.CONNECTING) {
                return new Ending.Failed(Failures.couldNotOpen(uri, code, reason, error));
            }
            if (p == Phase.CLOSING) {
                return new Ending.Closed(code, reason);
            }
            LocalClose local = localClose;
            if (local != null) {
                return new Ending.Failed(Failures.failedByTransport(uri, local.code(), local.reason(),
                        request.maxMessageSize(), error));
            }
            if (code == CloseFrame.ABNORMAL_CLOSE || code == CloseFrame.NEVER_CONNECTED) {
                return new Ending.Failed(Failures.dropped(uri, error));
            }
            return new Ending.Closed(code, reason);
        }
    }
}
