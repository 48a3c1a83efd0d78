package dev.switchboard.bench.client;

import dev.switchboard.bench.common.Frame;
import dev.switchboard.bench.common.WsWire;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One plain-NIO client connection after its handshake: a small state machine over the bytes as
 * they arrive, which reads each frame's header and, of a data message, only the run, sequence
 * number and scheduled time in its first 24 bytes. The rest of the payload is skipped in place,
 * never copied or decoded. Pings are answered with pongs (the hub's heartbeat needs them), a close
 * frame with a close frame.
 *
 * <p>Touched only by its {@link NioDialer.Loop} thread once registered.
 */
final class NioConnection extends Connection {

    private final LoadClient client;
    final SocketChannel channel;
    private final java.nio.channels.Selector selector;
    SelectionKey key;

    // the frame header being read
    private final byte[] header = new byte[14];
    private int headerLength;
    // the current frame
    private int opcode;
    private boolean fin;
    private long payloadLeft;
    private boolean inPayload;
    // the current data message's first bytes, gathered across reads and fragments when they are split
    private final byte[] head = new byte[Frame.HEADER];
    private int headLength;
    private boolean headTaken;
    private int messageOpcode;
    // a control frame's payload (at most 125 bytes)
    private byte[] control;
    private int controlLength;
    private ByteBuffer pendingWrite;
    private volatile boolean aborted;

    NioConnection(LoadClient client, SocketChannel channel, java.nio.channels.Selector selector) {
        this.client = client;
        this.channel = channel;
        this.selector = selector;
    }

    @Override
    void abort() {
        aborted = true;
        try {
            // A reset, not a FIN: the client side then keeps no TIME_WAIT entry per connection,
            // so thousands of connections per point do not run the machine out of ephemeral ports.
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // closing below is what matters
        }
        closeQuietly();
        // A registered channel's socket is released only when its selector next selects: wake it.
        selector.wakeup();
        closed.complete(null);
    }

    @Override
    boolean started() {
        return true;
    }

    /** The server closed or the connection broke. */
    void lost(Throwable error) {
        closeQuietly();
        if (!aborted && !closed.isDone()) {
            client.closedDuringRun(this);
            if (error != null) {
                client.noteError(error);
            }
            closed.complete(null);
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // gone already
        }
    }

    /** Consumes what was read; {@code now} is when the read returned, the arrival time of every frame in it. */
    void consume(ByteBuffer in, long now) {
        while (in.hasRemaining()) {
            if (!inPayload) {
                if (!readHeader(in)) {
                    return;
                }
                if (payloadLeft == 0) {
                    frameEnded(now);
                }
                continue;
            }
            int n = (int) Math.min(in.remaining(), payloadLeft);
            if (opcode >= WsWire.OP_CLOSE) {
                in.get(in.position(), control, controlLength, n);
                controlLength += n;
            } else if (!headTaken) {
                if (headLength == 0 && n >= Frame.HEADER && messageOpcode == WsWire.OP_BINARY) {
                    // The common case: the message's first bytes are all here, read in place.
                    received(Frame.run(in), Frame.seq(in), Frame.scheduledNanos(in), now);
                    headTaken = true;
                } else {
                    int take = Math.min(n, Frame.HEADER - headLength);
                    in.get(in.position(), head, headLength, take);
                    headLength += take;
                }
            }
            in.position(in.position() + n);
            payloadLeft -= n;
            if (payloadLeft == 0) {
                frameEnded(now);
            }
        }
    }

    /** Reads the frame header, possibly split across reads; true when it is complete. */
    private boolean readHeader(ByteBuffer in) {
        while (in.hasRemaining()) {
            header[headerLength++] = in.get();
            if (headerLength < 2) {
                continue;
            }
            int len7 = header[1] & 0x7f;
            int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
            if ((header[1] & 0x80) != 0) {
                protocolError("the server masked a frame");
                return false;
            }
            if (headerLength < need) {
                continue;
            }
            fin = (header[0] & 0x80) != 0;
            opcode = header[0] & 0x0f;
            long length = len7 < 126 ? len7 : len7 == 126 ? ((header[2] & 0xff) << 8) | (header[3] & 0xff)
                    : ByteBuffer.wrap(header, 2, 8).getLong();
            headerLength = 0;
            inPayload = true;
            payloadLeft = length;
            if (opcode >= WsWire.OP_CLOSE) {
                if (length > 125 || !fin) {
                    protocolError("a control frame of " + length + " bytes, fin=" + fin);
                    return false;
                }
                if (control == null) {
                    control = new byte[125];
                }
                controlLength = 0;
            } else if (opcode != WsWire.OP_CONTINUATION) {
                messageOpcode = opcode;
                headLength = 0;
                headTaken = false;
            }
            return true;
        }
        return false;
    }

    private void frameEnded(long now) {
        inPayload = false;
        switch (opcode) {
            case WsWire.OP_PING -> write(WsWire.clientControlFrame(WsWire.OP_PONG, control, controlLength, mask()));
            case WsWire.OP_PONG -> { }
            case WsWire.OP_CLOSE -> {
                write(WsWire.clientControlFrame(WsWire.OP_CLOSE, control, Math.min(2, controlLength), mask()));
                lost(null);
            }
            default -> {
                if (!fin) {
                    return; // more fragments follow
                }
                if (messageOpcode != WsWire.OP_BINARY) {
                    client.malformed(); // the origin only sends binary frames; raw mode must keep them binary
                } else if (!headTaken) {
                    if (headLength == Frame.HEADER) {
                        ByteBuffer h = ByteBuffer.wrap(head);
                        received(Frame.run(h), Frame.seq(h), Frame.scheduledNanos(h), now);
                    } else {
                        client.malformed();
                    }
                }
                headTaken = false;
                headLength = 0;
            }
        }
    }

    private void received(int run, long seq, long scheduled, long now) {
        client.received(this, run, seq, scheduled, now);
    }

    private static int mask() {
        return ThreadLocalRandom.current().nextInt();
    }

    private void protocolError(String what) {
        client.malformed();
        lost(new IOException(what));
    }

    /** Writes a small control frame; what the socket does not take now goes when it is writable. */
    private void write(ByteBuffer frame) {
        try {
            if (pendingWrite != null) {
                ByteBuffer joined = ByteBuffer.allocate(pendingWrite.remaining() + frame.remaining());
                pendingWrite = joined.put(pendingWrite).put(frame).flip();
            } else {
                channel.write(frame);
                if (frame.hasRemaining()) {
                    pendingWrite = frame;
                }
            }
            if (pendingWrite != null && key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            lost(e);
        }
    }

    /** The socket can take more: writes what was waiting. */
    void writable() {
        try {
            if (pendingWrite != null) {
                channel.write(pendingWrite);
                if (!pendingWrite.hasRemaining()) {
                    pendingWrite = null;
                }
            }
            if (pendingWrite == null && key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            lost(e);
        }
    }
}
