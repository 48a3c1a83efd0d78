package dev.switchboard.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy for tests: listens on 127.0.0.1 (a free port) and relays every connection's
 * bytes both ways to a target. {@link Link#freeze()} stops relaying in both directions without
 * closing either socket, which is what a half-open connection looks like to the server: no FIN,
 * no reset, just silence (a frozen client, a vanished network).
 */
public final class FreezingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private FreezingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::accept, "freezing-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code host:port}. */
    public static FreezingProxy to(String host, int port) throws IOException {
        return new FreezingProxy(new InetSocketAddress(host, port));
    }

    /** {@code uri} with its host and port replaced by the proxy's, so a client connects through it. */
    public URI through(URI uri) {
        return URI.create(uri.getScheme() + "://127.0.0.1:" + listener.getLocalPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** The connections relayed so far, in the order they arrived. */
    public List<Link> links() {
        return List.copyOf(links);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("the freezing proxy stopped accepting", e);
                }
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Link link : links) {
            link.close();
        }
    }

    /** One relayed connection. */
    public static final class Link {
        private final Socket client;
        private final Socket server;
        private final Object lock = new Object();
        private final AtomicLong toServer = new AtomicLong();
        private final AtomicLong toClient = new AtomicLong();
        private boolean frozen;
        private volatile long frozenAtNanos;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, toServer, "to-server");
            pump(server, client, toClient, "to-client");
        }

        private void pump(Socket from, Socket to, AtomicLong counter, String name) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    while (true) {
                        awaitThawed();
                        int read = in.read(buffer);
                        if (read < 0) {
                            to.shutdownOutput();
                            return;
                        }
                        // Bytes read just as the link froze are held here, never relayed.
                        awaitThawed();
                        out.write(buffer, 0, read);
                        out.flush();
                        counter.addAndGet(read);
                    }
                } catch (IOException | InterruptedException e) {
                    // the link was closed
                }
            }, "freezing-proxy-" + name + "-" + from.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        private void awaitThawed() throws InterruptedException {
            synchronized (lock) {
                while (frozen) {
                    lock.wait();
                }
            }
        }

        /** Stops relaying both ways; neither socket is closed, and nothing more reaches either side. */
        public void freeze() {
            synchronized (lock) {
                frozen = true;
                frozenAtNanos = System.nanoTime();
            }
        }

        /** When {@link #freeze()} was called, by {@link System#nanoTime()}. */
        public long frozenAtNanos() {
            return frozenAtNanos;
        }

        /** Bytes relayed from the client to the server so far. */
        public long bytesToServer() {
            return toServer.get();
        }

        /** Bytes relayed from the server to the client so far. */
        public long bytesToClient() {
            return toClient.get();
        }

        void close() {
            synchronized (lock) {
                frozen = false;
                lock.notifyAll();
            }
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
