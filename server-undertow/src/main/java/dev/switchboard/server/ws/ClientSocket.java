package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Message;
import dev.switchboard.server.attach.ClientAddress;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * One client's WebSocket connection, as a {@link PortProtocol} writes to it. Thread-safe and
 * non-blocking: every write is queued on Undertow's I/O thread and reports back through a callback.
 *
 * <p>Closing follows RFC 6455: send a close frame, keep reading (and discarding) until the client
 * answers with its own, then drop the TCP connection; a client that never answers is dropped after
 * a grace period. Reading on matters: closing a socket that still has unread input makes the
 * kernel send a reset, and a client that is still sending (say, an oversized message) would then
 * see "connection reset" instead of the close code that says why.
 */
public final class ClientSocket {

    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /** A ping with no payload, as every connection sends it: FIN and opcode 0x9, unmasked, length 0. */
    private static final ByteBuffer PING_FRAME = ByteBuffer.allocateDirect(2).put((byte) 0x89).put((byte) 0).flip()
            .asReadOnlyBuffer();

    private final WebSocketChannel channel;
    private final ConnectionWriter writer;
    private final ServerFrames frames;
    private final Duration closeGrace;
    private final String remote;
    /** 1 once the close has started; a field, not an atomic object, since every delivery reads it. */
    private volatile int closing;
    private static final AtomicIntegerFieldUpdater<ClientSocket> CLOSING =
            AtomicIntegerFieldUpdater.newUpdater(ClientSocket.class, "closing");
    private volatile boolean closeFrameWritten;
    private volatile boolean peerCloseReceived;
    private volatile boolean readsPaused;

    /**
     * @param writer the connection's own writer, or null (older protocol versions) to write every frame through Undertow
     */
    ClientSocket(WebSocketChannel channel, ConnectionWriter writer, ServerFrames frames, Duration closeGrace) {
        this.channel = channel;
        this.writer = writer;
        this.frames = frames;
        this.closeGrace = closeGrace;
        this.remote = ClientAddress.of(channel.getSourceAddress());
    }

    /** The client's address, {@code host:port}. */
    public String remote() {
        return remote;
    }

    /**
     * Writes the message as one frame of its kind and completes {@code callback} when it is written.
     * The frame (header and payload) is encoded once per message for every port of the hub
     * ({@link ServerFrames}); this connection's {@link ConnectionWriter} writes a read-only view of it
     * on the connection's I/O thread, so nothing is encoded or copied per client here.
     */
    public void send(Message message, DeliveryCallback callback) {
        write(message, callback, false);
    }

    /**
     * Like {@link #send}, for the hub's deliveries: the write starts at the hub's next
     * {@link #flush}, together with the other ports' frames of the same broadcast.
     */
    public void deliver(Message message, DeliveryCallback callback) {
        write(message, callback, true);
    }

    /** Starts the writes {@link #deliver} queued. */
    public void flush() {
        if (writer != null) {
            writer.startHeld();
        }
    }

    private void write(Message message, DeliveryCallback callback, boolean held) {
        if (closing != 0) {
            // The close frame is queued or gone: the frame could not follow it.
            callback.failed(new ClosedChannelException());
            return;
        }
        if (writer != null) {
            if (held) {
                writer.hold(frames.frameOf(message), callback);
            } else {
                writer.send(frames.frameOf(message), callback);
            }
            return;
        }
        WebSocketCallback<Void> done = new DeliveryAdapter(callback);
        if (message.isText()) {
            WebSockets.sendText(message.payload(), channel, done);
        } else {
            WebSockets.sendBinary(message.payload(), channel, done);
        }
    }

    /**
     * Sends a ping; the client's pong reaches the port as a sign of life. The hub pings all its
     * ports in one pass, so on a version 13 connection the ping goes out like a delivery, through
     * the connection's writer as a shared two-byte frame: the pass's pings leave in the I/O
     * threads' drain runs, not through one Undertow frame channel, flush and I/O thread hand-off
     * per port.
     */
    public void ping() {
        if (closing == 0 && channel.isOpen()) {
            if (writer != null) {
                writer.send(PING_FRAME.duplicate(), new PingOutcome());
            } else {
                // A null callback makes Undertow close the connection if the ping cannot be written,
                // which is right: the connection is broken, and closing it ends the port.
                WebSockets.sendPing(NO_PAYLOAD.duplicate(), channel, null);
            }
        }
    }

    /** A ping that could not be written means a broken connection: close it (which ends the port), unless it is closing anyway. */
    private final class PingOutcome implements DeliveryCallback {
        @Override
        public void delivered() {
        }

        @Override
        public void failed(Throwable cause) {
            if (closing == 0) {
                IoUtils.safeClose(channel);
            }
        }
    }

    /**
     * Starts closing with {@code code} and {@code reason} (cut to what a close frame holds), once.
     *
     * @return true if this call started the close; false if the connection was already closing
     */
    public boolean close(int code, String reason) {
        if (!CLOSING.compareAndSet(this, 0, 1)) {
            return false;
        }
        if (!channel.isOpen()) {
            return true;
        }
        if (channel.isCloseFrameSent()) {
            // Undertow closed on its own (a protocol error); just make sure the connection goes.
            dropAfterGrace();
            return true;
        }
        if (readsPaused) {
            pauseReading(false); // read on, so the client's answering close frame is seen
        }
        if (writer != null) {
            // The writer runs the close once every frame sent before it is written, so the close comes last.
            writer.sendAfterQueued(() -> {
                if (channel.isOpen() && !channel.isCloseFrameSent()) {
                    sendClose(code, reason);
                }
            });
        } else {
            // Undertow queues frames in the order they are created, so the close follows every frame sent before it.
            sendClose(code, reason);
        }
        dropAfterGrace();
        return true;
    }

    private void sendClose(int code, String reason) {
        WebSockets.sendClose(code, CloseFrames.fit(reason), channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                closeFrameWritten = true;
                if (peerCloseReceived) {
                    IoUtils.safeClose(ch);
                }
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable error) {
                IoUtils.safeClose(ch);
            }
        });
    }

    /**
     * Stops ({@code true}) or restarts reading the client's frames. Safe from any thread: the
     * change is made on the connection's I/O thread, which reads the latest wish when it gets
     * there, so two calls racing from two threads cannot leave reads in the older state. Once a
     * close has started, reading goes on whatever was asked, so that the client's close frame is
     * still read (see the class comment).
     */
    public void pauseReading(boolean pause) {
        readsPaused = pause;
        try {
            channel.getIoThread().execute(this::applyReads);
        } catch (RejectedExecutionException e) {
            // The server is stopping; the connection goes with it.
        }
    }

    private void applyReads() {
        if (readsPaused && closing == 0) {
            channel.suspendReceives();
        } else if (channel.isOpen()) {
            channel.resumeReceives();
        }
    }

    /** Runs {@code task} once after {@code delay} on the connection's I/O thread (not at all if the server is stopping). */
    public void after(Duration delay, Runnable task) {
        try {
            once(delay, task);
        } catch (RejectedExecutionException e) {
            // The server is stopping and ends every connection anyway.
        }
    }

    /**
     * Schedules {@code task} on the I/O thread, and unschedules it when the connection closes first:
     * a pending timer holds the whole connection (its channel, buffers and port) until it fires,
     * which under churn kept thousands of closed connections in the heap for the close grace.
     */
    private void once(Duration delay, Runnable task) {
        XnioExecutor.Key timer = channel.getIoThread().executeAfter(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        channel.addCloseTask(closed -> timer.remove());
    }

    /** Whether a close has started. */
    public boolean isClosing() {
        return closing != 0;
    }

    /**
     * The client's close frame arrived. If ours is already written the closing handshake is done;
     * otherwise Undertow answers the client's close, and the connection is dropped after the grace
     * period should the client not hang up itself.
     */
    void peerClosed() {
        peerCloseReceived = true;
        if (closeFrameWritten) {
            IoUtils.safeClose(channel);
        } else if (CLOSING.compareAndSet(this, 0, 1)) {
            dropAfterGrace();
        }
    }

    private void dropAfterGrace() {
        try {
            once(closeGrace, () -> IoUtils.safeClose(channel));
        } catch (RejectedExecutionException e) {
            // The server is stopping and its I/O threads take no more work: no grace to give.
            IoUtils.safeClose(channel);
        }
    }

    /** Completes a hub's delivery callback exactly once from Undertow's write outcome. */
    private static final class DeliveryAdapter implements WebSocketCallback<Void> {
        private final DeliveryCallback callback;
        private final AtomicBoolean done = new AtomicBoolean();

        DeliveryAdapter(DeliveryCallback callback) {
            this.callback = callback;
        }

        @Override
        public void complete(WebSocketChannel channel, Void context) {
            if (done.compareAndSet(false, true)) {
                callback.delivered();
            }
        }

        @Override
        public void onError(WebSocketChannel channel, Void context, Throwable error) {
            if (done.compareAndSet(false, true)) {
                callback.failed(error);
            }
        }
    }
}
