package dev.switchboard.hub.testing;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRefusedException;
import dev.switchboard.api.spi.UpstreamRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that lives in memory, at {@code mem://NAME}, reached through
 * {@link InMemoryTransportProvider}. Tests drive it: publish messages, refuse or hold
 * connections, drop them. It follows the SPI's lifecycle rules: each connection delivers its
 * callbacks under its own lock, so they never overlap, and exactly one final callback comes.
 */
public final class InMemoryOrigin implements AutoCloseable {

    private static final ConcurrentHashMap<String, InMemoryOrigin> ORIGINS = new ConcurrentHashMap<>();

    private final String name;
    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private final List<Connection> held = new CopyOnWriteArrayList<>();
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<UpstreamRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean refusing;
    private volatile boolean rejecting;
    private volatile boolean holding;
    private volatile boolean acceptsSends = true;
    private volatile boolean reading = true;
    private volatile boolean answeringCloses = true;
    private final AtomicInteger cancels = new AtomicInteger();

    private InMemoryOrigin(String name) {
        this.name = name;
    }

    /** A new origin at {@code mem://NAME}; the name must be free. */
    public static InMemoryOrigin create(String name) {
        InMemoryOrigin origin = new InMemoryOrigin(name);
        if (ORIGINS.putIfAbsent(name, origin) != null) {
            throw new IllegalStateException("an in-memory origin named '" + name + "' already exists; close it or pick another name");
        }
        return origin;
    }

    static InMemoryOrigin named(String name) {
        return ORIGINS.get(name);
    }

    public URI uri() {
        return URI.create("mem://" + name);
    }

    /** Sends a message to every open connection. */
    public void publish(Message message) {
        for (Connection c : open) {
            c.deliver(message);
        }
    }

    /** Advises every open connection's client how long to wait before reconnecting, like SSE's {@code retry:}. */
    public void adviseRetry(java.time.Duration delay) {
        for (Connection c : open) {
            c.advise(delay);
        }
    }

    /** Sends a text message to every open connection. */
    public void publish(String text) {
        publish(Message.text(text));
    }

    /** What ports sent upstream, in arrival order, across all connections. */
    public List<Message> received() {
        return new ArrayList<>(received);
    }

    /** Connections open now. */
    public int connectionCount() {
        return open.size();
    }

    /** Connections ever opened. */
    public int acceptedCount() {
        return accepted.get();
    }

    /** Every request a client made, in order. */
    public List<UpstreamRequest> requests() {
        return new ArrayList<>(requests);
    }

    /** While true, new connections fail at once: the port is closed (a network failure). */
    public void refuseConnections(boolean value) {
        refusing = value;
    }

    /** While true, new connections are answered with a refusal ({@link UpstreamRefusedException}, HTTP 401). */
    public void rejectConnections(boolean value) {
        rejecting = value;
    }

    /** While true, new connections wait, neither open nor failed, until {@link #acceptHeld()} or {@link #failHeld}. */
    public void holdConnections(boolean value) {
        holding = value;
    }

    /** While false, sends are refused (returns false), like a receive-only upstream. */
    public void acceptSends(boolean value) {
        acceptsSends = value;
    }

    /**
     * While false, the origin reads nothing: sends are taken but stay in each connection's
     * buffer ({@link UpstreamConnection#bufferedBytes()} grows), like a peer that stopped
     * reading its socket. Setting it true again reads everything buffered, in order.
     */
    public void reading(boolean value) {
        reading = value;
        if (value) {
            for (Connection c : open) {
                c.drain();
            }
        }
    }

    /** While false, {@code close()} starts a close the origin never answers: only {@code cancel()} ends the connection. */
    public void answerCloses(boolean value) {
        answeringCloses = value;
    }

    /** How many times a client called {@code cancel()} on a connection that was still open. */
    public int cancelCount() {
        return cancels.get();
    }

    /** Opens every held connection. */
    public void acceptHeld() {
        for (Connection c : held) {
            held.remove(c);
            c.open();
        }
    }

    /** Fails every held connection. */
    public void failHeld(String why) {
        for (Connection c : held) {
            held.remove(c);
            c.fail(new IOException(why));
        }
    }

    /** How many connections are held. */
    public int heldCount() {
        return held.size();
    }

    /** Breaks every open connection abruptly. */
    public void dropConnections() {
        for (Connection c : open) {
            c.fail(new IOException("connection dropped by the origin"));
        }
    }

    /** Closes every open connection in an orderly way with this code. */
    public void closeConnections(int code, String reason) {
        for (Connection c : open) {
            c.closeByOrigin(code, reason);
        }
    }

    @Override
    public void close() {
        ORIGINS.remove(name, this);
        dropConnections();
        failHeld("origin closed");
    }

    void connect(Connection c) {
        requests.add(c.request);
        if (rejecting) {
            c.fail(new UpstreamRefusedException(401, "in-memory origin " + name + " answered HTTP 401 Unauthorized"));
        } else if (refusing) {
            c.fail(new ConnectException("connection refused by in-memory origin " + name));
        } else if (holding) {
            held.add(c);
        } else {
            c.open();
        }
    }

    /** One connection to this origin. */
    final class Connection implements UpstreamConnection {
        private final UpstreamRequest request;
        private final UpstreamListener listener;
        private boolean opened;
        private boolean finished;
        private final List<Message> unread = new ArrayList<>();
        private long unreadBytes;

        Connection(UpstreamRequest request, UpstreamListener listener) {
            this.request = request;
            this.listener = listener;
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        synchronized void open() {
            if (finished || opened) {
                return;
            }
            opened = true;
            accepted.incrementAndGet();
            open.add(this);
            listener.onOpen(this);
        }

        synchronized void deliver(Message message) {
            if (opened && !finished) {
                listener.onMessage(this, message);
            }
        }

        synchronized void advise(java.time.Duration delay) {
            if (opened && !finished) {
                listener.onRetryAdvice(this, delay);
            }
        }

        synchronized void fail(Throwable cause) {
            if (finish()) {
                listener.onFailure(this, cause);
            }
        }

        synchronized void closeByOrigin(int code, String reason) {
            if (finish()) {
                listener.onClosed(this, code, reason);
            }
        }

        private boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            unread.clear();
            unreadBytes = 0;
            open.remove(this);
            held.remove(this);
            return true;
        }

        @Override
        public synchronized boolean send(Message message) {
            if (!opened || finished || !acceptsSends) {
                return false;
            }
            if (!reading) {
                unread.add(message);
                unreadBytes += message.size();
                return true;
            }
            received.add(message);
            return true;
        }

        @Override
        public synchronized long bufferedBytes() {
            return unreadBytes;
        }

        synchronized void drain() {
            received.addAll(unread);
            unread.clear();
            unreadBytes = 0;
        }

        @Override
        public void close() {
            if (answeringCloses) {
                closeByOrigin(1000, "closed by the client");
            }
        }

        @Override
        public synchronized void cancel() {
            if (!finished) {
                cancels.incrementAndGet();
            }
            fail(new IOException("canceled"));
        }
    }
}
