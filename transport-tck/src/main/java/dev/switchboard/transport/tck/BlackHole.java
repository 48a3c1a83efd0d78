package dev.switchboard.transport.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on 127.0.0.1 that accepts connections and never writes a byte, whatever the
 * protocol. A transport connecting to it stays in its connect phase (no handshake answer, no
 * response headers) for as long as the test wants, which makes "during the connect" checks
 * deterministic.
 */
public final class BlackHole implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    /** Starts listening on a free port of 127.0.0.1. */
    public BlackHole() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a black-hole server socket on 127.0.0.1", e);
        }
        Thread acceptor = new Thread(this::acceptForever, "tck-black-hole-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                // Keep a reference so the socket is not collected and closed; never read or write.
                accepted.add(server.accept());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** {@code uri} moved to this black hole's port, keeping its scheme and path. */
    public URI uriLike(URI uri) {
        return TckUris.withPort(uri, server.getLocalPort());
    }

    /** How many connections were accepted so far. */
    public int acceptedCount() {
        return accepted.size();
    }

    /** Closes the server and every accepted socket. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : accepted) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
