package com.example.switchboard.lines;

import dev.switchboard.transport.tck.TckOrigin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code tcp+lines} upstream for tests: a {@link ServerSocket} on 127.0.0.1, port 0.
 * It greets each client with a blank line (the protocol's "I am here"), sends a blank
 * keep-alive line to every client every 200 ms (well under the kit's 900 ms heartbeat timeout),
 * writes each published text as one line, and records every line clients send.
 */
final class LinesTckOrigin implements TckOrigin {

    private static final long KEEP_ALIVE_MILLIS = 200;

    private final ServerSocket server;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "lines-origin-keep-alive"));
    private volatile boolean silent;
    // Counted down when the origin closes: a client reader parked by stopReading() then ends.
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean reading = true;

    private LinesTckOrigin() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptForever, "lines-origin-accept").start();
        keepAlive.scheduleAtFixedRate(() -> publishRaw("\n"), KEEP_ALIVE_MILLIS, KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS);
    }

    static LinesTckOrigin start() throws IOException {
        return new LinesTckOrigin();
    }

    @Override
    public URI uri() {
        return URI.create(LinesTransportProvider.SCHEME + "://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void publish(String text) {
        publishRaw(text + "\n");
    }

    /** Writes {@code bytes} as they are to every client, e.g. {@code "a\r\nb\n"}; nothing while silent. */
    void publishRaw(String bytes) {
        if (!silent) {
            clients.forEach(client -> client.write(bytes));
        }
    }

    @Override
    public List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public int connectionCount() {
        return clients.size();
    }

    @Override
    public void dropConnections() {
        clients.forEach(Client::reset);
    }

    @Override
    public void closeConnections() {
        clients.forEach(Client::finish);
    }

    /** Each client's reader stops after the line it is reading now, until the origin closes. */
    @Override
    public boolean stopReading() {
        reading = false;
        return true;
    }

    @Override
    public void goSilent() {
        silent = true;
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        keepAlive.shutdownNow();
        server.close();
        dropConnections();
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Client client = new Client(server.accept());
                clients.add(client);
                client.write("\n"); // the greeting: the transport counts the connection open from here
                daemon(client::readUntilClosed, "lines-origin-client").start();
            } catch (IOException e) {
                return; // the server socket was closed
            }
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One client connection: writes are serialised, so publish and keep-alive never interleave bytes. */
    private final class Client {
        private final Socket socket;

        Client(Socket socket) {
            this.socket = socket;
        }

        synchronized void write(String bytes) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                reset(); // the client went away
            }
        }

        void readUntilClosed() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    received.add(line);
                    if (!reading) {
                        closing.await(); // read no more: what the client sends stays in its socket and its writer
                        return;
                    }
                }
            } catch (IOException e) {
                // reset by either side
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clients.remove(this);
                closeQuietly();
            }
        }

        /** An orderly end: FIN after everything written; the client's end of stream follows. */
        void finish() {
            clients.remove(this);
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                closeQuietly();
            }
        }

        /** An abrupt end: RST, no goodbye. */
        void reset() {
            clients.remove(this);
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed
            }
            closeQuietly();
        }

        private void closeQuietly() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
