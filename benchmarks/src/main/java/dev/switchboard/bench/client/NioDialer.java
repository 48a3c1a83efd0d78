package dev.switchboard.bench.client;

import dev.switchboard.bench.common.WsWire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections on plain {@code java.nio}, built to cost less per delivery than any server it
 * measures: a few selector threads, one direct read buffer each, and frames parsed in place
 * ({@link NioConnection}) without decoding payloads. Handshakes are done blocking on a small
 * pool (an HTTP/1.1 upgrade request, the 101 answer and its accept key checked), after which the
 * socket goes non-blocking to one of the selector threads.
 */
final class NioDialer implements Dialer {

    private static final int READ_BUFFER = 256 * 1024;

    private final List<Loop> loops = new ArrayList<>();
    private final ExecutorService handshakes;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param threads         selector threads
     * @param coalesceNanos   how long a selector thread pauses after each round of reads, so that
     *                        frames arriving meanwhile are read together: one wake-up and one read
     *                        for several frames instead of one per frame (0 = never pause). It
     *                        adds at most this much to every latency, the same for every set-up.
     */
    NioDialer(int threads, long coalesceNanos) {
        for (int i = 0; i < threads; i++) {
            Loop loop = new Loop("nio-client-" + (i + 1), coalesceNanos);
            loops.add(loop);
            loop.start();
        }
        AtomicInteger n = new AtomicInteger();
        handshakes = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "nio-client-handshake-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<Connection> open(URI uri, LoadClient client) {
        Loop loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        handshakes.execute(() -> {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
                ByteBuffer rest = handshake(channel, uri);
                channel.configureBlocking(false);
                NioConnection connection = new NioConnection(client, channel, loop.selector);
                loop.register(connection, rest, opened);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // failing already
                    }
                }
                opened.completeExceptionally(e);
            }
        });
        return opened;
    }

    /** Sends the upgrade request and reads the answer; returns any bytes that came after it. */
    private static ByteBuffer handshake(SocketChannel channel, URI uri) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer in = ByteBuffer.allocate(8192);
        int end;
        while ((end = headerEnd(in)) < 0) {
            if (!in.hasRemaining()) {
                throw new IOException("the handshake answer from " + uri + " is over " + in.capacity() + " bytes");
            }
            if (channel.read(in) < 0) {
                throw new IOException("the server at " + uri + " closed during the handshake");
            }
        }
        String answer = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
        if (!answer.startsWith("HTTP/1.1 101")) {
            throw new IOException("the server at " + uri + " refused the upgrade: " + answer.lines().findFirst().orElse(""));
        }
        String accept = WsWire.acceptFor(key);
        boolean accepted = answer.lines().anyMatch(l -> l.toLowerCase(Locale.ROOT).startsWith("sec-websocket-accept:")
                && l.substring(l.indexOf(':') + 1).trim().equals(accept));
        if (!accepted) {
            throw new IOException("the server at " + uri + " answered without the right Sec-WebSocket-Accept");
        }
        ByteBuffer rest = ByteBuffer.allocateDirect(in.position() - end);
        rest.put(in.array(), end, in.position() - end).flip();
        return rest;
    }

    /** The index just past the blank line ending the HTTP header, or -1. */
    private static int headerEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        handshakes.shutdownNow();
        loops.forEach(Loop::shutdown);
    }

    /** One selector thread: reads every connection registered with it. */
    static final class Loop extends Thread {
        private final Selector selector;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        private final long coalesceNanos;
        private volatile boolean running = true;

        Loop(String name, long coalesceNanos) {
            super(name);
            this.coalesceNanos = coalesceNanos;
            setDaemon(true);
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector: " + e.getMessage(), e);
            }
        }

        void register(NioConnection connection, ByteBuffer rest, CompletableFuture<Connection> opened) {
            tasks.add(() -> {
                try {
                    connection.key = connection.channel.register(selector, SelectionKey.OP_READ, connection);
                    opened.complete(connection);
                    if (rest.hasRemaining()) {
                        connection.consume(rest, System.nanoTime());
                    }
                } catch (IOException e) {
                    opened.completeExceptionally(e);
                }
            });
            selector.wakeup();
        }

        void shutdown() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select();
                    for (Runnable task; (task = tasks.poll()) != null; ) {
                        task.run();
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        NioConnection c = (NioConnection) key.attachment();
                        if (!key.isValid()) {
                            c.lost(null);
                            continue;
                        }
                        if (key.isReadable()) {
                            read(c);
                        }
                        if (key.isValid() && key.isWritable()) {
                            c.writable();
                        }
                    }
                    selector.selectedKeys().clear();
                    if (coalesceNanos > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(coalesceNanos);
                    }
                }
            } catch (IOException | RuntimeException e) {
                e.printStackTrace();
            } finally {
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // stopping
                }
            }
        }

        private void read(NioConnection c) {
            try {
                while (true) {
                    buffer.clear();
                    int n = c.channel.read(buffer);
                    if (n < 0) {
                        c.lost(null);
                        return;
                    }
                    if (n == 0) {
                        return;
                    }
                    buffer.flip();
                    c.consume(buffer, System.nanoTime());
                    if (n < buffer.capacity() || !c.channel.isOpen()) {
                        return; // the socket is drained: another read would only return 0
                    }
                }
            } catch (IOException e) {
                c.lost(e);
            }
        }
    }
}
