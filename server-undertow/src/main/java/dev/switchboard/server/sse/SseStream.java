package dev.switchboard.server.sse;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One client's event stream: the body of an HTTP response that never ends on its own, written
 * without blocking on the connection's I/O thread.
 *
 * <p>Why not Undertow's {@code ServerSentEventConnection}: it does report each event's completion
 * (only once the bytes are flushed) and fails pending callbacks when the connection closes, but
 * its queue is unbounded, it cannot write a comment through that queue (its keep-alive is a
 * timer-driven {@code :} with no callback), and it writes {@code data:} with no space, which makes
 * a reader drop the first space of a line. This class is the small part of it that the hub needs:
 * a queue that holds at most the one item the hub has in flight plus one heartbeat, each completed
 * only when its bytes are flushed to the socket, so the hub's per-port bound stays real.
 *
 * <p>Undertow does not read from an HTTP/1.1 connection while its response is being written, so a
 * client that hangs up would only be noticed by the next failed write. The stream therefore reads
 * the connection itself (the request has no body; anything sent is discarded) and reports the end
 * of input at once.
 *
 * <p>Threading: {@link #write}, {@link #ping} and {@link #finish} may be called from any thread;
 * they hand their work to the connection's I/O thread, which alone touches the channel and the queue.
 */
final class SseStream {

    /** How one write ended. Exactly one method is called, once, on the I/O thread. */
    interface Completion {
        /** The bytes were written and flushed to the connection. */
        void written();

        /** The bytes will never be written: the connection failed or the stream finished. */
        void failed(IOException cause);
    }

    private static final class Pending {
        final ByteBuffer bytes;
        final Completion completion;
        final boolean ping;

        Pending(ByteBuffer bytes, Completion completion, boolean ping) {
            this.bytes = bytes;
            this.completion = completion;
            this.ping = ping;
        }
    }

    private final HttpServerExchange exchange;
    private final StreamSinkChannel sink;
    private final XnioIoThread io;
    private final Duration closeGrace;

    // I/O thread only.
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ByteBuffer discard = ByteBuffer.allocate(256);
    private boolean pingQueued;
    private boolean ended;
    private volatile Consumer<String> onHangUp = why -> { };

    /**
     * A stream on {@code exchange}'s response.
     *
     * @param sink       the exchange's response channel, its headers already set
     * @param closeGrace how long a finished stream may take to flush its end before the connection is dropped
     */
    SseStream(HttpServerExchange exchange, StreamSinkChannel sink, Duration closeGrace) {
        this.exchange = exchange;
        this.sink = sink;
        this.io = exchange.getIoThread();
        this.closeGrace = closeGrace;
    }

    /**
     * Starts writing and watching the connection. Call once, on the I/O thread.
     *
     * @param hangUp told, with a sentence, when the client hangs up or the connection closes; it may be
     *               told more than once and from any thread, so it must be idempotent and thread-safe
     */
    void start(Consumer<String> hangUp) {
        this.onHangUp = hangUp;
        sink.getWriteSetter().set(channel -> pump());
        ServerConnection connection = exchange.getConnection();
        connection.addCloseListener(closed -> hungUp("the connection closed"));
        if (connection instanceof AbstractServerConnection http) {
            StreamSourceChannel source = http.getChannel().getSourceChannel();
            source.getReadSetter().set(channel -> readUntilHangUp(channel));
            source.resumeReads();
        }
        if (!connection.isOpen()) {
            hungUp("the connection closed before the stream started");
        }
    }

    /** Queues {@code bytes}, one or more whole events; {@code completion} says how it went. */
    void write(byte[] bytes, Completion completion) {
        onIoThread(() -> enqueue(new Pending(ByteBuffer.wrap(bytes), completion, false)), completion);
    }

    /**
     * Queues the heartbeat comment unless one is already waiting: a stalled client never collects
     * more than one, so the queue stays bounded. A skipped heartbeat is never completed.
     */
    void ping(Completion completion) {
        onIoThread(() -> {
            if (ended) {
                completion.failed(new ClosedChannelException());
            } else if (!pingQueued) {
                pingQueued = true;
                enqueue(new Pending(ByteBuffer.wrap(SseEvents.PING), completion, true));
            }
        }, completion);
    }

    /**
     * Ends the stream: what is queued is dropped, and the response ends cleanly so the client sees
     * the stream close. A connection in the middle of a write, or one that cannot flush its end
     * within the grace period, is dropped instead.
     */
    void finish() {
        onIoThread(() -> {
            if (ended) {
                return;
            }
            Pending head = queue.peek();
            boolean midWrite = head != null && head.bytes.position() > 0 && head.bytes.hasRemaining();
            end(new ClosedChannelException());
            ServerConnection connection = exchange.getConnection();
            if (midWrite) {
                IoUtils.safeClose(connection);
                return;
            }
            exchange.endExchange();
            // Unscheduled when the client hangs up first: a pending timer would hold the connection until it fires.
            var timer = io.executeAfter(() -> IoUtils.safeClose(connection), closeGrace.toMillis(), TimeUnit.MILLISECONDS);
            connection.addCloseListener(closed -> timer.remove());
        }, null);
    }

    private void onIoThread(Runnable task, Completion ifRefused) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            // The server is stopping and its I/O threads with it.
            if (ifRefused != null) {
                ifRefused.failed(new ClosedChannelException());
            }
        }
    }

    private void enqueue(Pending pending) {
        if (ended) {
            pending.completion.failed(new ClosedChannelException());
            return;
        }
        queue.add(pending);
        if (queue.size() == 1) {
            pump();
        }
        // Otherwise a write is waiting for the channel to take more; its listener carries on.
    }

    /** Writes and flushes queued items in order, completing each once it is flushed. */
    private void pump() {
        try {
            while (!ended && !queue.isEmpty()) {
                Pending head = queue.peek();
                while (head.bytes.hasRemaining()) {
                    if (sink.write(head.bytes) == 0) {
                        sink.resumeWrites();
                        return;
                    }
                }
                if (!sink.flush()) {
                    sink.resumeWrites();
                    return;
                }
                queue.poll();
                if (head.ping) {
                    pingQueued = false;
                }
                head.completion.written();
            }
            if (!ended) {
                sink.suspendWrites();
            }
        } catch (IOException e) {
            broken(e);
        }
    }

    private void readUntilHangUp(StreamSourceChannel channel) {
        try {
            int read;
            do {
                discard.clear();
                read = channel.read(discard);
            } while (read > 0);
            if (read == -1) {
                channel.suspendReads();
                hungUp("the client closed the stream");
            }
        } catch (IOException e) {
            hungUp("the connection failed: " + e.getMessage());
        }
    }

    /** A write failed: everything queued fails with it, then the connection goes. */
    private void broken(IOException cause) {
        end(cause);
        IoUtils.safeClose(exchange.getConnection());
    }

    /** The client went away. May run on any thread (a connection's close listener need not run on its I/O thread). */
    private void hungUp(String why) {
        onHangUp.accept(why);
        onIoThread(() -> {
            if (!ended) {
                end(new ClosedChannelException());
                IoUtils.safeClose(exchange.getConnection());
            }
        }, null);
    }

    private void end(IOException cause) {
        ended = true;
        List<Pending> dropped = new ArrayList<>(queue);
        queue.clear();
        for (Pending pending : dropped) {
            pending.completion.failed(cause);
        }
    }
}
