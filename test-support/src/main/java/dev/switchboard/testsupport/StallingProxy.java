package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 and a free port in front of an origin that cannot stop reading by
 * itself (Java-WebSocket's server reads whatever arrives): it passes bytes both ways until
 * {@link #stopReading()}, after which it reads nothing more from its clients, so that their
 * socket buffers fill and what they send stays in the client, as toward an upstream that stalls.
 * When either side of a connection ends, both do.
 */
public final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean stalled;

    private StallingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stalling-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy that forwards every connection to {@code port} on 127.0.0.1. */
    public static StallingProxy to(int port) throws IOException {
        return new StallingProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** From now on nothing more is read from any client (what the origin sends still flows). */
    public void stopReading() {
        stalled = true;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket origin = new Socket();
                origin.connect(target, 5_000);
                sockets.add(client);
                sockets.add(origin);
                pump(client, origin, true);
                pump(origin, client, false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    if (fromClient) {
                        awaitReading();
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went; close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "stalling-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitReading() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !listener.isClosed()) {
                gate.wait(100);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(StallingProxy::closeQuietly);
        synchronized (gate) {
            gate.notifyAll();
        }
    }
}
