package dev.switchboard.transport.websocket.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.SocketFactory;

/**
 * Makes the one socket of a connection and can drop it at any moment, even before it exists.
 *
 * <p>Java-WebSocket creates its socket on its own thread and only closes it once a connection
 * has opened; a cancel during DNS resolution, the TCP connect or the handshake needs to close
 * the socket itself to unblock that thread. Handing the library this factory is the supported
 * way to see the socket as soon as it is made.
 */
final class DroppableSocketFactory extends SocketFactory {

    private static final Object DROPPED = new Object();

    private final Supplier<SocketFactory> delegate;
    private final AtomicReference<Object> socket = new AtomicReference<>();

    /** @param delegate makes the real sockets: plain for {@code ws}, TLS for {@code wss} */
    DroppableSocketFactory(Supplier<SocketFactory> delegate) {
        this.delegate = delegate;
    }

    @Override
    public Socket createSocket() throws IOException {
        SocketFactory factory = delegate.get();
        // A plain socket counts the frame its writer thread is writing (see writingBytes()); TLS ones do not.
        return adopt(factory instanceof javax.net.ssl.SSLSocketFactory ? factory.createSocket() : new WritingSocket());
    }

    /**
     * Bytes the library's writer thread is handing to the socket right now: the frame it took
     * off its queue and is blocked writing while the peer does not read. 0 for a TLS socket,
     * whose writes are not seen here.
     */
    long writingBytes() {
        return socket.get() instanceof WritingSocket w ? w.writing : 0;
    }

    /** A plain socket whose output stream says how many bytes one write has still to hand over. */
    private static final class WritingSocket extends Socket {
        private volatile long writing;
        private java.io.OutputStream out;

        @Override
        public synchronized java.io.OutputStream getOutputStream() throws IOException {
            if (out == null) {
                java.io.OutputStream raw = super.getOutputStream();
                out = new java.io.FilterOutputStream(raw) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        writing = len;
                        try {
                            raw.write(b, off, len);
                        } finally {
                            writing = 0;
                        }
                    }
                };
            }
            return out;
        }
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return adopt(delegate.get().createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return adopt(delegate.get().createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return adopt(delegate.get().createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return adopt(delegate.get().createSocket(address, port, localAddress, localPort));
    }

    /** Closes the socket now, or as soon as it is made; an abortive close, as nothing more will be said. */
    void drop() {
        Object s = socket.getAndSet(DROPPED);
        if (s instanceof Socket) {
            closeAbruptly((Socket) s);
        }
    }

    private Socket adopt(Socket s) throws IOException {
        if (!socket.compareAndSet(null, s)) {
            closeAbruptly(s);
            throw new SocketException("connection was dropped before its socket was made");
        }
        return s;
    }

    private static void closeAbruptly(Socket s) {
        try {
            // No lingering: do not wait to flush a goodbye nobody will read.
            s.setSoLinger(true, 0);
        } catch (IOException | RuntimeException ignored) {
            // A socket that cannot take options still closes.
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // Dropping is best effort; the socket is unusable either way.
        }
    }
}
