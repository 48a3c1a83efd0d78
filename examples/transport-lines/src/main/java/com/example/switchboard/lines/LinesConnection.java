package com.example.switchboard.lines;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code tcp+lines} connection.
 *
 * <h2>One thread makes every callback</h2>
 * Each connection has one reader thread. It connects, reads lines, and makes every
 * {@link UpstreamListener} callback, the final one included. So callbacks come one at a time,
 * in order, each seeing the effects of the ones before, with no lock and no queue, which is
 * lifecycle rule 4 for free. The thread is a daemon (a connection nobody closed must not keep
 * the JVM alive) and is named after the upstream (so a thread dump shows whose it is). A
 * second thread, the {@link LineWriter}, does the blocking writes behind {@link #send}.
 *
 * <h2>Everyone else only records why, and closes the socket</h2>
 * {@link #close()}, {@link #cancel()} and a failed write come from other threads. None of them
 * calls the listener: each records why the connection ends (the first reason wins) and closes
 * the socket. That wakes the reader thread from {@code connect()} or {@code read()}, and the
 * reader reports the one final callback. So {@code close()} never blocks, and a final callback
 * never overlaps an {@code onMessage} still running on the reader thread.
 */
final class LinesConnection implements UpstreamConnection {

    // The JDK's System.Logger, not SLF4J: the plugin needs nothing but the JDK at run time, and
    // a server that bridges JDK logging shows these lines with its own.
    private static final System.Logger log = System.getLogger(LinesConnection.class.getName());
    private static final AtomicInteger numbers = new AtomicInteger();

    /** Why a connection ends; the first one recorded wins. */
    private record Ending(Kind kind, Throwable cause) {
        enum Kind { CLOSED_BY_CLIENT, CANCELLED_BY_CLIENT, FAILED, BY_UPSTREAM }
    }

    private final UpstreamRequest request;
    private final LinesAddress address;
    private final UpstreamListener listener;
    private final String threadName;
    // Created unconnected, so that close() can close it even before the reader connects it.
    private final Socket socket = new Socket();
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private volatile LineWriter writer; // set by the reader thread once connected

    LinesConnection(UpstreamRequest request, LinesAddress address, UpstreamListener listener) {
        this.request = request;
        this.address = address;
        this.listener = listener;
        this.threadName = "transport-lines-" + address.host() + ":" + address.port() + "-" + numbers.incrementAndGet();
    }

    void start() {
        Thread reader = new Thread(this::connectAndRead, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public URI uri() {
        return request.uri();
    }

    /**
     * Queues the text and a {@code \n}. Returns false, sending nothing, when the connection is
     * not open, when 1024 lines already wait, for a binary message (the protocol is text), and
     * for a text that is empty or holds a line break: it would arrive as a keep-alive or as
     * several messages, not as the one message that was sent.
     */
    @Override
    public boolean send(Message message) {
        LineWriter open = writer;
        if (open == null || ending.get() != null || !message.isText()) {
            return false;
        }
        String text = message.text();
        if (text.isEmpty() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return false;
        }
        return open.offer(text);
    }

    /** What the writer thread holds: lines queued or in its output buffer; 0 before open and after the end. */
    @Override
    public long bufferedBytes() {
        LineWriter open = writer;
        return open == null || ending.get() != null ? 0 : open.bufferedBytes();
    }

    /** Closes the socket; the reader thread then reports {@code onClosed} (or {@code onFailure} if not yet open). */
    @Override
    public void close() {
        end(new Ending(Ending.Kind.CLOSED_BY_CLIENT, null));
    }

    /** Resets the connection (no FIN, an RST); the reader thread then reports {@code onFailure}. */
    @Override
    public void cancel() {
        try {
            socket.setSoLinger(true, 0); // "without a goodbye": closing now sends RST, not FIN
        } catch (SocketException alreadyClosed) {
            // nothing to reset
        }
        end(new Ending(Ending.Kind.CANCELLED_BY_CLIENT, null));
    }

    private void end(Ending why) {
        if (ending.compareAndSet(null, why)) {
            closeSocket();
        }
    }

    @Override
    public String toString() {
        return "LinesConnection[" + request.uri() + "]";
    }

    // ---- the reader thread ----

    private void connectAndRead() {
        boolean opened = false;
        Throwable readError = null; // stays null for an orderly end of stream
        try {
            // One deadline for the TCP connect and the upstream's first line together.
            long deadline = System.nanoTime() + request.connectTimeout().toNanos();
            socket.setTcpNoDelay(true); // lines are small and real-time: send each at once
            socket.connect(new InetSocketAddress(address.host(), address.port()), millis(request.connectTimeout()));
            socket.setSoTimeout(millis(Duration.ofNanos(deadline - System.nanoTime())));
            LineReader lines = new LineReader(socket.getInputStream(), request.maxMessageSize());
            String line = lines.readLine();
            if (line != null && ending.get() == null) {
                // TCP has no ping: a read timeout of heartbeatTimeout is what notices a dead upstream.
                socket.setSoTimeout(millis(request.heartbeatTimeout()));
                writer = new LineWriter(socket.getOutputStream(), threadName + "-writer",
                        error -> end(new Ending(Ending.Kind.FAILED, new IOException(
                                "writing to upstream " + request.uri() + " failed: " + error.getMessage(), error))));
                writer.start();
                opened = true;
                listener.onOpen(this);
                for (; line != null; line = lines.readLine()) {
                    if (!line.isEmpty()) { // a blank line is a keep-alive
                        listener.onMessage(this, Message.text(line));
                    }
                }
            }
        } catch (IOException e) {
            readError = e;
        } catch (RuntimeException e) {
            // Lifecycle rule 5: a listener that throws ends the connection, reported with its exception.
            end(new Ending(Ending.Kind.FAILED, e));
        } finally {
            closeSocket();
            if (writer != null) {
                writer.stop();
            }
        }
        ending.compareAndSet(null, new Ending(Ending.Kind.BY_UPSTREAM, readError));
        reportFinal(ending.get(), opened);
    }

    private void reportFinal(Ending why, boolean opened) {
        try {
            switch (why.kind()) {
                case CLOSED_BY_CLIENT:
                    if (opened) {
                        listener.onClosed(this, CloseCodes.NORMAL, "closed by the client");
                    } else {
                        // The first callback must be onOpen or onFailure, so a close before opening is a failure.
                        listener.onFailure(this, new IOException("the connection to upstream " + request.uri()
                                + " was closed by the client before it opened"));
                    }
                    break;
                case CANCELLED_BY_CLIENT:
                    listener.onFailure(this, new IOException("the connection to upstream " + request.uri()
                            + " was cancelled by the client"));
                    break;
                case FAILED:
                    listener.onFailure(this, why.cause());
                    break;
                default:
                    if (why.cause() == null && opened) {
                        listener.onClosed(this, CloseCodes.NORMAL, "end of stream");
                    } else {
                        listener.onFailure(this, Failures.describe(why.cause(), opened, request));
                    }
            }
        } catch (RuntimeException e) {
            // Lifecycle rule 5: an exception from a final callback is logged; nothing follows it.
            log.log(System.Logger.Level.WARNING, "an UpstreamListener threw from its final callback for "
                    + request.uri() + "; nothing more will be delivered", e);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway; the reader thread reports how the connection ended
        }
    }

    /** A socket timeout in milliseconds: at least 1, because 0 would mean "wait forever". */
    private static int millis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}
