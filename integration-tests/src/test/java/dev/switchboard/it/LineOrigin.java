package dev.switchboard.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line-oriented TCP origin on 127.0.0.1 for the {@code tcp+lines} example plugin: it greets each
 * client with a blank line (the protocol's keep-alive; the upstream speaks first), every line it
 * publishes goes to every connected client, and every line a client sends is recorded.
 */
final class LineOrigin implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    LineOrigin() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::accept, "line-origin-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("tcp+lines://127.0.0.1:" + server.getLocalPort());
    }

    /** Connections ever accepted. */
    int acceptedCount() {
        return accepted.get();
    }

    /** Connections open now. */
    int openCount() {
        return (int) clients.stream().filter(s -> !s.isClosed()).count();
    }

    /** Lines clients sent, in arrival order. */
    List<String> received() {
        return new ArrayList<>(received);
    }

    /** Sends one line to every connected client. */
    void publish(String line) throws IOException {
        for (Socket client : clients) {
            OutputStream out = client.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                // tcp+lines: the upstream speaks first, and a blank line is a keep-alive, not a message.
                client.getOutputStream().write('\n');
                client.getOutputStream().flush();
                clients.add(client);
                Thread reader = new Thread(() -> read(client), "line-origin-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void read(Socket client) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                received.add(line);
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            clients.remove(client);
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
