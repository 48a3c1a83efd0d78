package dev.switchboard.it;

import dev.switchboard.testsupport.RawHandshake;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket origin that answers the handshake and then never reads another byte, on a raw
 * {@link ServerSocket}: whatever a client sends fills the kernel's buffers and then waits in
 * the client. Each accepted socket is kept open, so that only the client can end the TCP
 * connection; {@link #readToEnd} later reads one, to see the client's end (EOF or a reset).
 */
final class StalledOrigin implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    StalledOrigin() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptForever, "stalled-origin-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/stalled");
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every connection accepted so far, in order; they stay open until {@link #close()}. */
    List<Socket> accepted() {
        return List.copyOf(accepted);
    }

    /**
     * Starts reading {@code socket} until its end: completes with "EOF" or "reset" once the
     * client's side of the connection is gone. It never completes while the client keeps it open.
     */
    CompletableFuture<String> readToEnd(Socket socket) {
        CompletableFuture<String> end = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = socket.getInputStream()) {
                while (in.read(buffer) != -1) {
                    // what the client had queued before it went
                }
                end.complete("EOF");
            } catch (IOException e) {
                end.complete("reset");
            }
        }, "stalled-origin-reader");
        reader.setDaemon(true);
        reader.start();
        return end;
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                RawHandshake.answer(socket);
                accepted.add(socket);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
