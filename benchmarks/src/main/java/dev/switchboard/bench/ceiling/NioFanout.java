package dev.switchboard.bench.ceiling;

import dev.switchboard.bench.common.Broadcast;
import dev.switchboard.bench.common.Fanout;
import dev.switchboard.bench.common.Listen;
import dev.switchboard.bench.common.WsWire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The NIO ceiling's server: plain {@code java.nio}, no framework. One selector thread accepts,
 * answers the HTTP upgrade (or {@code GET /healthz}), reads and discards what clients send, and
 * writes backlogs; {@link #broadcast} encodes each upstream payload into one WebSocket frame
 * (a direct buffer) and writes a duplicate of it to every connection from the calling thread,
 * one {@code write} per connection. That is the least the JVM can do per delivery on this
 * machine, the bar the hub's own write path is held to.
 *
 * <p>A connection whose socket does not take a whole frame keeps the rest in a backlog that the
 * selector thread writes with gathering writes; past its share of {@value Fanout#PENDING_BUDGET}
 * frames (as {@link Fanout} bounds the Undertow ceiling) it is closed, so a saturated run ends in
 * a measurement, not an OutOfMemoryError.
 */
final class NioFanout implements Broadcast, AutoCloseable {

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread loop;
    private final Supplier<String> upstreamState;
    private volatile Peer[] peers = new Peer[0];
    private volatile boolean running = true;
    private volatile long overflowClosed;

    NioFanout(Listen listen, Supplier<String> upstreamState) throws IOException {
        this.upstreamState = upstreamState;
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(listen.host(), listen.port()), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        loop = new Thread(this::run, "nio-ceiling-io");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public int broadcast(byte[] payload) {
        ByteBuffer frame = WsWire.serverBinaryFrame(payload);
        Peer[] s = peers;
        int limit = Math.max(Fanout.MIN_PENDING, Math.min(Fanout.MAX_PENDING, Fanout.PENDING_BUDGET / Math.max(1, s.length)));
        for (Peer p : s) {
            p.send(frame, limit);
        }
        return s.length;
    }

    int size() {
        return peers.length;
    }

    long overflowClosed() {
        return overflowClosed;
    }

    private synchronized void add(Peer p) {
        Peer[] s = Arrays.copyOf(peers, peers.length + 1);
        s[s.length - 1] = p;
        peers = s;
    }

    private synchronized void remove(Peer p) {
        Peer[] s = peers;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == p) {
                Peer[] n = new Peer[s.length - 1];
                System.arraycopy(s, 0, n, 0, i);
                System.arraycopy(s, i + 1, n, i, s.length - i - 1);
                peers = n;
                return;
            }
        }
    }

    private void run() {
        ByteBuffer discard = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (running) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                        continue;
                    }
                    Peer p = (Peer) key.attachment();
                    if (key.isReadable()) {
                        p.readable(discard);
                    }
                    if (key.isValid() && key.isWritable()) {
                        p.flush();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
        }
    }

    private void accept() throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Peer p = new Peer(ch);
            p.key = ch.register(selector, SelectionKey.OP_READ, p);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        server.close();
    }

    /** One client connection: its HTTP request until the upgrade, then its backlog of frames. */
    private final class Peer {
        private final SocketChannel channel;
        SelectionKey key;
        private ByteBuffer request = ByteBuffer.allocate(8192);
        private ByteBuffer[] backlog = new ByteBuffer[8];
        private int backlogHead;
        private int backlogSize;
        private boolean upgraded;
        private boolean closed;

        Peer(SocketChannel channel) {
            this.channel = channel;
        }

        /** From the broadcasting thread: the frame now, or after the backlog. */
        synchronized void send(ByteBuffer frame, int limit) {
            if (closed) {
                return;
            }
            ByteBuffer view = frame.duplicate();
            if (backlogSize == 0) {
                try {
                    channel.write(view);
                } catch (IOException e) {
                    close();
                    return;
                }
                if (!view.hasRemaining()) {
                    return;
                }
                queue(view);
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                selector.wakeup();
                return;
            }
            if (backlogSize >= limit) {
                overflowClosed++;
                close();
                return;
            }
            queue(view);
        }

        private void queue(ByteBuffer view) {
            if (backlogSize == backlog.length) {
                ByteBuffer[] grown = new ByteBuffer[backlog.length * 2];
                for (int i = 0; i < backlogSize; i++) {
                    grown[i] = backlog[(backlogHead + i) % backlog.length];
                }
                backlog = grown;
                backlogHead = 0;
            }
            backlog[(backlogHead + backlogSize++) % backlog.length] = view;
        }

        /** From the selector thread: as much of the backlog as the socket takes, in gathering writes. */
        synchronized void flush() {
            try {
                while (backlogSize > 0) {
                    int n = Math.min(backlogSize, Math.min(64, backlog.length - backlogHead));
                    channel.write(backlog, backlogHead, n);
                    int done = 0;
                    while (done < n && !backlog[backlogHead].hasRemaining()) {
                        backlog[backlogHead] = null;
                        backlogHead = (backlogHead + 1) % backlog.length;
                        backlogSize--;
                        done++;
                    }
                    if (done < n) {
                        return; // the socket is full; OP_WRITE stays on
                    }
                }
                if (key.isValid()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                close();
            }
        }

        void readable(ByteBuffer discard) {
            try {
                if (upgraded) {
                    discard.clear();
                    if (channel.read(discard) < 0) {
                        close(); // clients send nothing but their close; their data is discarded
                    }
                    return;
                }
                if (channel.read(request) < 0) {
                    close();
                    return;
                }
                String text = new String(request.array(), 0, request.position(), StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end < 0) {
                    if (!request.hasRemaining()) {
                        close();
                    }
                    return;
                }
                answer(text.substring(0, end));
            } catch (IOException e) {
                close();
            }
        }

        private void answer(String head) throws IOException {
            String[] lines = head.split("\r\n");
            String[] first = lines[0].split(" ");
            String path = first.length > 1 ? first[1] : "";
            String key = null;
            boolean websocket = false;
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                } else if (lower.startsWith("upgrade:") && lower.contains("websocket")) {
                    websocket = true;
                }
            }
            request = null;
            if (path.startsWith("/hubs/default/ws") && websocket && key != null) {
                writeAll("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                        + WsWire.acceptFor(key) + "\r\n\r\n");
                upgraded = true;
                add(this);
                return;
            }
            String body;
            String status;
            if (path.startsWith("/healthz")) {
                status = "200 OK";
                body = "{\"status\":\"ok\",\"hubs\":{\"default\":{\"upstream\":\"" + upstreamState.get() + "\",\"ports\":"
                        + peers.length + "}}}";
            } else {
                status = "404 Not Found";
                body = "{\"error\":\"no such path\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            writeAll("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n" + body);
            close();
        }

        /** A small answer on a fresh socket: it fits the send buffer, so a few writes suffice. */
        private void writeAll(String text) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            for (int tries = 0; out.hasRemaining() && tries < 100; tries++) {
                channel.write(out);
            }
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            backlog = new ByteBuffer[0];
            backlogSize = 0;
            backlogHead = 0;
            if (upgraded) {
                remove(this);
            }
            try {
                channel.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }
}
